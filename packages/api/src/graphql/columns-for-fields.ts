/**
 * The columns a list page selects for the fields a query asks for of its rows (issue 13: a page
 * asks for a handful of a table's columns, and reading, mapping and keeping every one of them for
 * every row was a large part of the request's CPU time). `always` are read whatever is asked
 * (keys, sort columns, what access checks read); `reads` names what each computed field reads
 * besides a column of its own name. A field in neither (one added later) makes the page read
 * every column, so a missing entry costs speed, never a wrong answer.
 */
export function columnsForFields<Columns extends Record<string, unknown>>(
  columns: Columns,
  selection: { always: readonly (keyof Columns)[]; reads: Partial<Record<string, readonly (keyof Columns)[]>> },
  fields: ReadonlySet<string>,
): Partial<Columns> {
  const keys = new Set<keyof Columns>(selection.always);
  for (const field of fields) {
    const reads = selection.reads[field];
    if (reads) for (const key of reads) keys.add(key);
    else if (field in columns) keys.add(field);
    else return columns;
  }
  return Object.fromEntries([...keys].map((key) => [key, columns[key]])) as Partial<Columns>;
}
