import type { FuzzFailure, FuzzReport } from "./fuzz-run.ts";

/** The summary `pnpm fuzz` prints: requests per root field and per error code, then the failures. */
export function formatReport(report: FuzzReport): string {
  const lines: string[] = [];
  const width = Math.max(...[...report.byField.keys()].map((name) => name.length));
  lines.push(`Per root field: requests, roles, answers with data and no error, then the answers by error code`);
  for (const [name, field] of [...report.byField].sort(([a], [b]) => a.localeCompare(b))) {
    const codes = [...field.codes].sort(([, a], [, b]) => b - a).map(([code, count]) => `${code} ${count}`).join(", ");
    lines.push(`  ${name.padEnd(width)} ${String(field.sent).padStart(4)} sent, ${field.roles.size} roles, ${String(field.answered).padStart(3)} answered  ${codes}`);
  }
  lines.push(``, `Per error code (OK: no error):`);
  for (const [code, count] of [...report.byCode].sort(([, a], [, b]) => b - a)) lines.push(`  ${code.padEnd(28)} ${count}`);
  lines.push(``, `Sessions signed in again after UNAUTHENTICATED: ${report.signIns}`);
  lines.push(`Internal errors, HTTP 5xx, answers not JSON or none: ${report.failures.length}`);
  return lines.join("\n");
}

/** A failure as a reproducer: the role, the operation and its variables (long values shortened). */
export function describeFailure(failure: FuzzFailure): string {
  return [
    `#${failure.index} ${failure.rootField} as ${failure.role}: ${failure.problem} (HTTP ${failure.status ?? "-"}, request id ${failure.requestId})`,
    `  query:     ${failure.query}`,
    `  variables: ${JSON.stringify(abbreviate(failure.variables))}`,
  ].join("\n");
}

/** Lists and strings cut short and deep nesting summarised, so a 70,000-item variable prints in a line. */
export function abbreviate(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.length > 120 ? `${value.slice(0, 40)}… (${value.length} characters)` : value;
  if (depth > 6 && typeof value === "object" && value !== null) return `… nested ${nestingDepth(value)} levels more`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 3).map((item) => abbreviate(item, depth + 1));
    return value.length > 3 ? [...shown, `… ${value.length} items in all`] : shown;
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, abbreviate(inner, depth + 1)]));
  }
  return value;
}

function nestingDepth(value: unknown): number {
  let depth = 0;
  let at: unknown = value;
  while (typeof at === "object" && at !== null) {
    depth++;
    at = Array.isArray(at) ? at[0] : Object.values(at)[0];
  }
  return depth;
}
