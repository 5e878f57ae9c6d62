export { readConfig, readDatabaseConfig, type AppConfig } from "./config.ts";
export { openDatabase, type Database, type DatabaseConfig, type DatabaseHandle } from "./db/database.ts";
export { createServer, type RunningServer, type ServerOptions } from "./server.ts";
