import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema (`pnpm db:generate`) and committed; `pnpm db:check`
// fails when the schema has changed without a migration.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/api/src/db/schema.ts",
  out: "./drizzle",
});
