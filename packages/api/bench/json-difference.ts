/**
 * Where two parsed JSON answers differ, as `path: left ≠ right` lines (at most `limit`), empty
 * when they are equal. Key order is not compared (a JSON object has none). Numbers under a key
 * in `tolerances` may differ by that much: a duration such as `waitedMs` grows between the two
 * requests being compared.
 */
export function jsonDifferences(
  left: unknown,
  right: unknown,
  options: { tolerances?: Readonly<Record<string, number>>; limit?: number } = {},
): string[] {
  const differences: string[] = [];
  const limit = options.limit ?? 20;
  const tolerances = options.tolerances ?? {};
  const visit = (a: unknown, b: unknown, path: string, key: string | null) => {
    if (differences.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) differences.push(`${path}: ${a.length} items ≠ ${b.length} items`);
      for (let i = 0; i < Math.min(a.length, b.length); i++) visit(a[i], b[i], `${path}[${i}]`, null);
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (!(name in a)) differences.push(`${path}.${name}: missing ≠ ${show(b[name])}`);
        else if (!(name in b)) differences.push(`${path}.${name}: ${show(a[name])} ≠ missing`);
        else visit(a[name], b[name], `${path}.${name}`, name);
        if (differences.length >= limit) return;
      }
      return;
    }
    const tolerance = key === null ? undefined : tolerances[key];
    if (tolerance !== undefined && typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= tolerance) return;
    if (a !== b) differences.push(`${path}: ${show(a)} ≠ ${show(b)}`);
  };
  visit(left, right, "$", null);
  return differences;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
