/** What a Postgres error says, read the same way on both drivers (drizzle wraps it in `cause`). */
export interface PgErrorInfo {
  code: string;
  constraint: string | null;
}

export function pgErrorOf(error: unknown): PgErrorInfo | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const candidate = current as Error & { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      const constraint = candidate.constraint ?? candidate.constraint_name;
      return { code: candidate.code, constraint: typeof constraint === "string" ? constraint : null };
    }
  }
  return null;
}
