/**
 * Turning a GraphQL answer into the explorer's results table (issue 12): the lists in the
 * answer, each list's items flattened into rows with a column per selected field (nested objects
 * as dotted columns), sorting, paging a connection, and the errors and cost the API sent.
 * All pure: test/explorer.test.ts covers it.
 */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A list found in the answer: a connection's `edges.node` (or a page's `nodes`), or any array. */
export interface FoundList {
  /** Where it is in `data`: `leads.edges` → ["leads"] for a connection, the array's own path otherwise. */
  path: string[];
  items: unknown[];
  /** A connection's pageInfo, when the query selected it. */
  pageInfo: PageInfo | null;
}

/** Lists of arrays nested in a row up to this length become indexed columns (`steps[0].count`); longer ones one JSON cell. */
const MAX_INDEXED_ITEMS = 12;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pageInfoOf(value: unknown): PageInfo | null {
  if (!isObject(value) || typeof value.hasNextPage !== "boolean") return null;
  return { hasNextPage: value.hasNextPage, endCursor: typeof value.endCursor === "string" ? value.endCursor : null };
}

/** Every list in `data`, outermost first, in the order the fields were selected; lists inside a list's items are columns, not lists. */
export function findLists(data: unknown, path: string[] = []): FoundList[] {
  if (!isObject(data)) return [];
  if (Array.isArray(data.edges) && data.edges.every((edge) => isObject(edge) && "node" in edge)) {
    return [{ path, items: data.edges.map((edge) => (edge as { node: unknown }).node), pageInfo: pageInfoOf(data.pageInfo) }];
  }
  if (Array.isArray(data.nodes) && "pageInfo" in data) {
    return [{ path, items: data.nodes, pageInfo: pageInfoOf(data.pageInfo) }];
  }
  const found: FoundList[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) found.push({ path: [...path, key], items: value, pageInfo: null });
    else found.push(...findLists(value, [...path, key]));
  }
  return found;
}

/** The list at `path` in another answer (the next page of the same query). */
export function listAt(data: unknown, path: readonly string[]): FoundList | undefined {
  return findLists(data).find((list) => list.path.join(".") === path.join("."));
}

/** One item as a row: `{ owner: { displayName } }` → `{ "owner.displayName": … }`. */
export function flattenItem(item: unknown, prefix = "", row: Row = {}): Row {
  if (!isObject(item)) {
    row[prefix || "value"] = cellOf(item);
    return row;
  }
  for (const [key, value] of Object.entries(item)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) flattenItem(value, column, row);
    else if (Array.isArray(value)) {
      if (value.length <= MAX_INDEXED_ITEMS && value.every((element) => isObject(element))) {
        value.forEach((element, index) => flattenItem(element, `${column}[${index}]`, row));
      } else if (value.every((element) => !isObject(element) && !Array.isArray(element))) {
        row[column] = value.map((element) => String(element ?? "")).join("; ");
      } else {
        row[column] = JSON.stringify(value);
      }
    } else row[column] = cellOf(value);
  }
  return row;
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** The columns of all rows, in the order they first appear. */
export function columnsOf(rows: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}

export type SortDirection = "ascending" | "descending";

/** Rows sorted by a column: numbers as numbers, text in the language's order; empty cells last either way. Stable. */
export function sortRows(rows: readonly Row[], column: string, direction: SortDirection, locale: string): Row[] {
  const collator = new Intl.Collator(locale, { numeric: true });
  const sign = direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column] ?? null;
      const y = b.row[column] ?? null;
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}

/** The CSV's lines: the column names, then each row's cells as text (empty for null). */
export function csvRows(columns: readonly string[], rows: readonly Row[]): string[][] {
  return [[...columns], ...rows.map((row) => columns.map((column) => cellText(row[column] ?? null)))];
}

export function cellText(cell: Cell): string {
  return cell === null ? "" : String(cell);
}

/**
 * The variables of the next page: the same query again with `after` set to the connection's
 * endCursor. Only an operation declaring `$after` can be paged (the saved analyses all do).
 */
export function nextPageVariables(variables: Record<string, unknown> | undefined, pageInfo: PageInfo | null, declaresAfter: boolean): Record<string, unknown> | null {
  if (!declaresAfter || !pageInfo?.hasNextPage || !pageInfo.endCursor) return null;
  return { ...variables, after: pageInfo.endCursor };
}

/** An error as the API sends it: its code, message, field path and, for the request limits, the limit, maximum and the request's figure. */
export interface ShownError {
  code: string | null;
  message: string;
  path: string | null;
  limit: { limit: string; max: number; actual: number | null } | null;
}

export function errorsOf(response: unknown): ShownError[] {
  if (!isObject(response) || !Array.isArray(response.errors)) return [];
  return response.errors.map((error) => {
    const fields = isObject(error) ? error : {};
    const extensions = isObject(fields.extensions) ? fields.extensions : {};
    const limit =
      typeof extensions.limit === "string" && typeof extensions.max === "number"
        ? { limit: extensions.limit, max: extensions.max, actual: typeof extensions.actual === "number" ? extensions.actual : null }
        : null;
    return {
      code: typeof extensions.code === "string" ? extensions.code : null,
      message: typeof fields.message === "string" ? fields.message : JSON.stringify(error),
      path: Array.isArray(fields.path) ? fields.path.join(".") : null,
      limit,
    };
  });
}

/** `extensions.cost` of an answer: what the operation was counted at and the limit. */
export function costOf(response: unknown): { requested: number; limit: number } | null {
  if (!isObject(response) || !isObject(response.extensions) || !isObject(response.extensions.cost)) return null;
  const { requested, limit } = response.extensions.cost;
  return typeof requested === "number" && typeof limit === "number" ? { requested, limit } : null;
}

/**
 * Windowing for long tables: of `count` rows `rowHeight` px tall in a viewport `height` px tall
 * scrolled to `scrollTop`, the ones to render (with `overscan` more each side) and the space the
 * others take above and below.
 */
export function visibleWindow(count: number, rowHeight: number, height: number, scrollTop: number, overscan = 10) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const start = Math.min(first, end);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
