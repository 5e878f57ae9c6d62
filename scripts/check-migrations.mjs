// Fails when the Drizzle schema and the committed migrations disagree: drizzle-kit generates
// into a scratch copy of drizzle/, and any new file there is a migration nobody committed.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(tmpdir(), "migrations-check-"));
try {
  const out = path.join(scratch, "drizzle");
  cpSync(path.join(root, "drizzle"), out, { recursive: true });
  const config = path.join(scratch, "drizzle.config.mjs");
  writeFileSync(
    config,
    `export default ${JSON.stringify({
      dialect: "postgresql",
      schema: path.join(root, "packages/api/src/db/schema.ts"),
      out,
    })};\n`,
  );
  const before = listFiles(out);
  execFileSync("npx", ["drizzle-kit", "generate", "--config", config], { cwd: root, stdio: "pipe" });
  const added = listFiles(out).filter((file) => !before.includes(file));
  if (added.length > 0) {
    console.error(`The schema has changes with no committed migration (drizzle-kit would write ${added.join(", ")}).`);
    console.error("Run `pnpm db:generate` and commit the new files in drizzle/.");
    process.exit(1);
  }
  console.log("Migrations match the schema.");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}
