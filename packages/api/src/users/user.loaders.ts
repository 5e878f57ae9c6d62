import DataLoader from "dataloader";
import { inArray } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { byKey } from "../context/by-key.ts";
import { users, type UserRow } from "./user.table.ts";

export function createUserByIdLoader(db: Executor) {
  return new DataLoader<string, UserRow | null>(async (ids) => {
    const rows = await db.select().from(users).where(inArray(users.id, [...ids]));
    return byKey(ids, rows, (row) => row.id);
  });
}
