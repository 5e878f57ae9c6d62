import type { Locale } from "./locales.ts";
import { en } from "./messages.en.ts";
import { zhCN, type MessageKey } from "./messages.zh-cn.ts";

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/**
 * The catalogue of a language as a function: `t("followUps.shown", { shown: 50, total: 61 })`.
 * Used alike by .astro pages (at build time) and islands (in the browser). Numbers are
 * formatted for the language.
 */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  const numbers = new Intl.NumberFormat(locale);
  return (key, values) =>
    catalogue[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = values?.[name];
      if (value === undefined) return placeholder;
      return typeof value === "number" ? numbers.format(value) : value;
    });
}
