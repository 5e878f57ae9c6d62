import DataLoader from "dataloader";
import { sql } from "drizzle-orm";
import { byKey } from "../context/by-key.ts";
import type { Database } from "../db/database.ts";
import { anyOf } from "../db/named-statement.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import { userColumns, users, type UserRow } from "./user.table.ts";

const usersById = preparedOnce((db) =>
  db.select(userColumns).from(users).where(anyOf(users.id, sql.placeholder("ids"))).prepare("users_by_id"),
);

export function createUserByIdLoader(db: Database) {
  return new DataLoader<string, UserRow | null>(async (ids) => {
    const rows = await usersById(db, { ids });
    return byKey(ids, rows, (row) => row.id);
  });
}
