import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import type { UserRow } from "../users/user.table.ts";

/** The viewer's ids as placeholders, for `visibleTo` in a statement prepared once for every viewer of a role. */
export const VIEWER_ID_PLACEHOLDERS = { viewerId: sql.placeholder("viewerId"), teamId: sql.placeholder("teamId") };

/** What decides the text of `visibleTo`'s condition: the viewer's role, and whether they have a team. */
export function visibilityShape(viewer: UserRow | null): string {
  return `${viewer?.role ?? "-"}|${viewer?.teamId ? "team" : "-"}`;
}

interface PreparedQuery<Values, Result> {
  execute(values: Values & { viewerId: string | null; teamId: string | null }): Promise<Result>;
}

/**
 * `preparedOnce` for a statement that applies `visibleTo` (issue 13: the pipeline page's loaders
 * built their SQL again on every request). `build` writes the statement for `viewer` with
 * `VIEWER_ID_PLACEHOLDERS` as the viewer's ids, so its text is the same for every viewer of one
 * visibility shape; it is built once per shape (at most ten) and run with this viewer's ids.
 */
export function preparedForViewer<Values, Result>(
  build: (db: Database, viewer: UserRow | null) => PreparedQuery<Values, Result>,
): (db: Database, viewer: UserRow | null, values: Values) => Promise<Result> {
  const byShape = new Map<string, (db: Database, values: Values & { viewerId: string | null; teamId: string | null }) => Promise<Result>>();
  return (db, viewer, values) => {
    const shape = visibilityShape(viewer);
    let run = byShape.get(shape);
    if (!run) {
      run = preparedOnce((target) => build(target, viewer));
      byShape.set(shape, run);
    }
    return run(db, { ...values, viewerId: viewer?.id ?? null, teamId: viewer?.teamId ?? null });
  };
}
