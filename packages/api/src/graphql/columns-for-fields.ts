interface FieldSelection<Columns> {
  always: readonly (keyof Columns)[];
  reads: Partial<Record<string, readonly (keyof Columns)[]>>;
}

/**
 * The columns a list page selects for the fields a query asks for of its rows (issue 13: a page
 * asks for a handful of a table's columns, and reading, mapping and keeping every one of them for
 * every row was a large part of the request's CPU time). `always` are read whatever is asked
 * (keys, sort columns, what access checks read); `reads` names what each computed field reads
 * besides a column of its own name. A field in neither (one added later) makes the page read
 * every column, so a missing entry costs speed, never a wrong answer.
 */
export function columnsForFields<Columns extends Record<string, unknown>>(columns: Columns, selection: FieldSelection<Columns>, fields: ReadonlySet<string>): Partial<Columns> {
  // A hot page's field names are one set, kept with its compiled query (selected-fields.ts): its
  // columns are worked out once, and the same object names the statement's shape each time.
  let ofSelection = chosen.get(selection);
  if (!ofSelection) chosen.set(selection, (ofSelection = new WeakMap()));
  let picked = ofSelection.get(fields) as Partial<Columns> | undefined;
  if (!picked) ofSelection.set(fields, (picked = pickColumns(columns, selection, fields)));
  return picked;
}

const chosen = new WeakMap<object, WeakMap<ReadonlySet<string>, object>>();

function pickColumns<Columns extends Record<string, unknown>>(columns: Columns, selection: FieldSelection<Columns>, fields: ReadonlySet<string>): Partial<Columns> {
  const keys = new Set<keyof Columns>(selection.always);
  for (const field of fields) {
    const reads = selection.reads[field];
    if (reads) for (const key of reads) keys.add(key);
    else if (field in columns) keys.add(field);
    else return columns;
  }
  return Object.fromEntries([...keys].map((key) => [key, columns[key]])) as Partial<Columns>;
}

const shapes = new WeakMap<object, string>();

/** The names of the columns a page selects, as they name its statement's shape (db/prepared-by-shape.ts); joined once per selection. */
export function columnsShape(columns: object): string {
  let shape = shapes.get(columns);
  if (shape === undefined) shapes.set(columns, (shape = Object.keys(columns).join(",")));
  return shape;
}
