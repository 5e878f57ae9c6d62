import DataLoader from "dataloader";
import { inArray } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { byKey } from "../context/by-key.ts";
import { teams, type TeamRow } from "./team.table.ts";

export function createTeamByIdLoader(db: Executor) {
  return new DataLoader<string, TeamRow | null>(async (ids) => {
    const rows = await db.select().from(teams).where(inArray(teams.id, [...ids]));
    return byKey(ids, rows, (row) => row.id);
  });
}
