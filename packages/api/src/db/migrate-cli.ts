import { readDatabaseConfig } from "../config.ts";
import { openDatabase } from "./database.ts";

const database = openDatabase(readDatabaseConfig());
await database.migrate();
await database.close();
console.log(`Migrations applied (${database.driver}).`);
