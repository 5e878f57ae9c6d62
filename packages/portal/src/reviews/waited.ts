import type { Translate } from "../i18n/translate.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long something has waited, in days and hours ("3 天 4 小时"), under an hour as "under an hour". */
export function formatWaited(ms: number, t: Translate): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms - days * DAY) / HOUR);
  if (days > 0) return t("reviews.waited.daysHours", { days, hours });
  if (hours > 0) return t("reviews.waited.hours", { hours });
  return t("reviews.waited.underAnHour");
}

/** The API's field problems (`extensions.fields`) of a BAD_USER_INPUT answer, by field path. */
export function fieldProblems(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const error of errors ?? []) {
    if (error.extensions?.["code"] !== "BAD_USER_INPUT") continue;
    const fields = error.extensions["fields"];
    if (!Array.isArray(fields)) continue;
    for (const item of fields as { field?: unknown; message?: unknown }[]) {
      if (typeof item.field === "string" && typeof item.message === "string") problems[item.field] ??= item.message;
    }
  }
  return problems;
}
