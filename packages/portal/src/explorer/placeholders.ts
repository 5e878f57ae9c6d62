/**
 * A saved analysis's variables may name dates relative to today, and the viewer's team, so the
 * examples run as they are on any day and for any role:
 *
 * - `{{today}}`, `{{tomorrow}}`, `{{yearStart}}`: calendar dates (LocalDate, `2026-12-01`) in
 *   the browser's time zone; a report's `to` is exclusive, so "this year so far" is
 *   yearStart → tomorrow;
 * - `{{daysAgo:7}}`: the instant seven days before now (DateTime);
 * - `{{team}}`: the viewer's team, or for analysts and admins (who belong to none) the first
 *   team the API lists.
 *
 * A string that is exactly a placeholder is replaced; anything else is left as it is.
 */
export interface PlaceholderContext {
  now: Date;
  teamId: string | null;
}

export function resolvePlaceholders(variablesJson: string, context: PlaceholderContext): string {
  return variablesJson.replace(/"\{\{(\w+)(?::(\d+))?\}\}"/g, (placeholder, name: string, count?: string) => {
    const value = placeholderValue(name, count === undefined ? undefined : Number(count), context);
    return value === undefined ? placeholder : JSON.stringify(value);
  });
}

function placeholderValue(name: string, count: number | undefined, { now, teamId }: PlaceholderContext): string | null | undefined {
  switch (name) {
    case "today":
      return localDate(now, 0);
    case "tomorrow":
      return localDate(now, 1);
    case "yearStart":
      return `${now.getFullYear()}-01-01`;
    case "daysAgo":
      return new Date(now.getTime() - (count ?? 0) * 86_400_000).toISOString();
    case "team":
      return teamId;
    default:
      return undefined;
  }
}

function localDate(now: Date, plusDays: number): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + plusDays);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
