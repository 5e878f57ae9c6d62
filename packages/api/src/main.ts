import "reflect-metadata";
import { readConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { createLogger } from "./logging/logger.ts";
import { createServer } from "./server.ts";

const config = readConfig();
const logger = createLogger({ level: config.logLevel, production: config.production });
// Migrations may rewrite every row of a big table, so they run on a connection of their own,
// without the statement time limit the API's requests keep to.
const migrating = openDatabase(config.database);
await migrating.migrate();
await migrating.close();
const database = openDatabase(config.database, { statementTimeoutMs: config.requestTimeoutMs });

const server = await createServer({ config, database, logger });
const running = await server.listen(config.port, config.host);
logger.info({ url: `${running.url}/graphql`, health: `${running.url}/healthz`, database: database.driver }, `API ready at ${running.url}/graphql`);

let stopping = false;
/**
 * Stops taking connections, lets the requests in flight finish (Apollo's drain plugin), then
 * closes the database; the last line says both are done, so an operator can tell a clean stop
 * from a killed one. A second signal while that runs changes nothing.
 */
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, `${signal} received: finishing open requests, then stopping`);
  await running.stop();
  await database.close();
  logger.info({ signal }, "stopped: open requests finished, database closed");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
