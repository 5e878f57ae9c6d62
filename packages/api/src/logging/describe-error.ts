/**
 * What a log line says about an error: enough to find the fault, none of the data the failing
 * request carried (issue 10, finding 9). A failed statement's error holds the statement's
 * parameters (postgres.js `parameters`, PGlite `params`, drizzle's message ends in "params: …",
 * PostgreSQL's `detail` repeats the failing row), and JSON.parse quotes its input in the message:
 * none of that is read here, and messages are cut before any value they quote.
 */
export interface ErrorDescription {
  /** The error's class (`TypeError`, `DrizzleQueryError`); `DatabaseError` for PostgreSQL's own, from either driver. */
  class: string;
  message: string;
  /** Our `extensions.code`, or a system or driver code such as ECONNREFUSED or CONNECTION_CLOSED. */
  code?: string;
  /** PostgreSQL's SQLSTATE (23505 unique violation, 23514 check violation, …). */
  pgCode?: string;
  constraint?: string;
  table?: string;
  column?: string;
  cause?: ErrorDescription;
  /** In development only; its first line is the cleaned message, not the original. */
  stack?: string;
}

const MAX_MESSAGE_LENGTH = 300;
/** Causes followed: drizzle wraps the driver's error once; anything deeper is noise. */
const MAX_CAUSE_DEPTH = 3;

export function describeError(error: unknown, options: { stack: boolean }): ErrorDescription {
  return describe(error, options, 0);
}

function describe(error: unknown, options: { stack: boolean }, depth: number): ErrorDescription {
  if (!(error instanceof Error)) return { class: typeof error, message: "(a thrown value that is not an Error)" };
  const database = databaseErrorOf(error);
  const description: ErrorDescription = database
    ? {
        class: "DatabaseError",
        message: databaseMessage(error.message, database),
        pgCode: database.pgCode,
        ...definedOnly({ constraint: database.constraint, table: database.table, column: database.column }),
      }
    : { class: error.constructor.name, message: scrubMessage(error.message, error instanceof SyntaxError), ...definedOnly({ code: codeOf(error) }) };
  if (options.stack && error.stack) description.stack = cleanStack(error.stack, description);
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) description.cause = describe(error.cause, options, depth + 1);
  return description;
}

/**
 * A message that may embed data, made safe to log: cut before drizzle's "params:" tail, and,
 * where the text quotes a value (JSON.parse's syntax errors quote the input), before the first
 * quote. Apollo's own log messages (which embed `${error}`) go through here too.
 */
export function scrubMessage(message: string, quotesValues = false): string {
  let text = message.replace(/\s*\bparams: [\s\S]*$/, "");
  if (quotesValues) {
    const quote = text.search(/["']/);
    if (quote >= 0) text = `${text.slice(0, quote).trimEnd()} …`;
  }
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

interface DatabaseErrorFields {
  pgCode: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** Every name the error reports; only these may stay quoted in its message. */
  names: Set<string>;
}

/** PostgreSQL's error, as postgres.js (`table_name`) or PGlite (`table`) shapes it. */
function databaseErrorOf(error: Error): DatabaseErrorFields | null {
  const fields = error as Error & Record<string, unknown>;
  if (typeof fields.severity !== "string" || typeof fields.code !== "string" || !/^[0-9A-Z]{5}$/.test(fields.code)) return null;
  const text = (...keys: string[]) => keys.map((key) => fields[key]).find((value): value is string => typeof value === "string" && value !== "");
  const constraint = text("constraint", "constraint_name");
  const table = text("table", "table_name");
  const column = text("column", "column_name");
  const others = [text("schema", "schema_name"), text("dataType", "data_type_name")];
  const names = new Set([constraint, table, column, ...others].filter((name): name is string => name !== undefined));
  return { pgCode: fields.code, constraint, table, column, names };
}

/**
 * PostgreSQL quotes both names and values in its messages (`violates check constraint "x"`,
 * `invalid input syntax for type uuid: "<the value>"`), and cannot tell us which is which. So the
 * message is kept up to the first quoted text that is not one of the names the error reports
 * itself, and that text and what follows become `"…"`.
 */
function databaseMessage(message: string, database: DatabaseErrorFields): string {
  for (const quoted of message.matchAll(/"([^"]*)"/g)) {
    if (!database.names.has(quoted[1]!)) return scrubMessage(`${message.slice(0, quoted.index)}"…"`);
  }
  return scrubMessage(message);
}

function codeOf(error: Error): string | undefined {
  const fields = error as Error & { code?: unknown; extensions?: { code?: unknown } };
  const code = fields.extensions?.code ?? fields.code;
  return typeof code === "string" ? code : undefined;
}

/** The stack's frames under the cleaned first line: the original first line is the raw message. */
function cleanStack(stack: string, description: ErrorDescription): string {
  const frames = stack.indexOf("\n    at ");
  return `${description.class}: ${description.message}${frames >= 0 ? stack.slice(frames) : ""}`;
}

function definedOnly<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>;
}
