import "reflect-metadata";
import { readConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { createServer } from "./server.ts";

const config = readConfig();
const database = openDatabase(config.database);
await database.migrate();

const server = await createServer({ config, database });
const running = await server.listen(config.port, config.host);
console.log(`API ready at ${running.url}/graphql (health: ${running.url}/healthz) on ${database.driver}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing open requests, then stopping.`);
  await running.stop();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
