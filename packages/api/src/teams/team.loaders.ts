import DataLoader from "dataloader";
import type { Executor } from "../db/database.ts";
import { anyOf, runNamed } from "../db/named-statement.ts";
import { byKey } from "../context/by-key.ts";
import { teams, type TeamRow } from "./team.table.ts";

export function createTeamByIdLoader(db: Executor) {
  return new DataLoader<string, TeamRow | null>(async (ids) => {
    const rows = await runNamed(db.select().from(teams).where(anyOf(teams.id, ids)), "teams_by_id");
    return byKey(ids, rows, (row) => row.id);
  });
}
