import "reflect-metadata";
import { lexicographicSortSchema, printSchema } from "graphql";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildAppSchema } from "./build-schema.ts";

// The committed schema.graphql is the API's contract: `--check` fails CI when it is stale.
const schemaFile = fileURLToPath(new URL("../../schema.graphql", import.meta.url));
const sdl = printSchema(lexicographicSortSchema(await buildAppSchema())) + "\n";

if (process.argv.includes("--check")) {
  const committed = await readFile(schemaFile, "utf8").catch(() => "");
  if (committed !== sdl) {
    console.error("packages/api/schema.graphql is stale: run `pnpm schema:emit` and commit the result.");
    process.exit(1);
  }
  console.log("schema.graphql is up to date.");
} else {
  await writeFile(schemaFile, sdl);
  console.log(`Wrote ${schemaFile}`);
}
