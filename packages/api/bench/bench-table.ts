/** A Markdown table, so the output pastes into the README as it is. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

/** Whole numbers with thousands separators; "–" for what was not measured. */
export function count(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? "–" : Math.round(value).toLocaleString("en");
}

/** Milliseconds with one decimal below 10, whole above. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en");
}

export function ratio(numerator: number | undefined, denominator: number | undefined): string {
  return numerator === undefined || denominator === undefined || denominator === 0 ? "–" : (numerator / denominator).toFixed(2);
}
