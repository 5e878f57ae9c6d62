import { sql } from "drizzle-orm";

/**
 * `count(*)` as a JS number on every driver: postgres.js returns bigints as strings and PGlite
 * as numbers, so the conversion lives here and nowhere else.
 */
export const countRows = () => sql<number>`count(*)`.mapWith(Number);
