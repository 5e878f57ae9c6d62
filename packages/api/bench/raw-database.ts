// The connection the raw and bare baselines share: postgres.js with the API's settings, and the
// manager both answer for.
import postgres, { type Sql } from "postgres";
import type { RawViewer } from "./raw-page-statements.ts";

/** Environment: DATABASE_URL, RAW_VIEWER_EMAIL, DATABASE_POOL_SIZE (the API's default, 10). */
export async function rawDatabase(): Promise<{ sql: Sql; viewer: RawViewer }> {
  const sql = postgres(process.env.DATABASE_URL!, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    // The API's connection settings (db/database.ts), so every side's statements are planned alike.
    connection: { jit: "off" },
  });
  const [viewer] = await sql<RawViewer[]>`select id, team_id as "teamId" from users where email = ${process.env.RAW_VIEWER_EMAIL!}`;
  if (!viewer) throw new Error(`No user ${process.env.RAW_VIEWER_EMAIL}: fill the database first (pnpm db:generate-large)`);
  return { sql, viewer };
}
