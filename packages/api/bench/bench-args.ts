/** A `--name N` command-line option of a benchmark script: a positive whole number, or `fallback` when absent. */
export function numberArg(name: string, fallback: number): number {
  const text = textArg(name, null);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} takes a positive whole number`);
    process.exit(1);
  }
  return value;
}

/** A `--name text` command-line option of a benchmark script, or `fallback` when absent. */
export function textArg(name: string, fallback: string | null): string | null {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith("--")) {
    console.error(`${name} takes a value`);
    process.exit(1);
  }
  return value;
}

/** A `--name` switch of a benchmark script: present or not. */
export function flagArg(name: string): boolean {
  return process.argv.includes(name);
}

/** A `--name a,b` option whose values must come from `allowed`; all of them when absent. */
export function listArg<T extends string>(name: string, allowed: readonly T[]): T[] {
  const text = textArg(name, null);
  if (text === null) return [...allowed];
  const values = text.split(",").map((value) => value.trim());
  const unknown = values.filter((value) => !allowed.includes(value as T));
  if (unknown.length > 0) {
    console.error(`${name} takes ${allowed.join(", ")} (comma-separated), not ${unknown.join(", ")}`);
    process.exit(1);
  }
  return values as T[];
}
