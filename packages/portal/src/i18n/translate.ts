import type { Locale } from "./locales.ts";
import { en } from "./messages.en.ts";
import { zhCN, type MessageKey } from "./messages.zh-cn.ts";

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

const translators = new Map<Locale, Translate>();

/**
 * The catalogue of a language as a function: `t("followUps.shown", { shown: 50, total: 61 })`.
 * Used alike by .astro pages (at build time) and islands (in the browser). Numbers are
 * formatted for the language. One function per language, made once: islands ask for it on
 * every render, and making a number format is slow on a phone.
 */
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    const catalogue = CATALOGUES[locale];
    const numbers = new Intl.NumberFormat(locale);
    t = (key, values) =>
      values === undefined
        ? catalogue[key]
        : catalogue[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
            const value = values[name];
            if (value === undefined) return placeholder;
            return typeof value === "number" ? numbers.format(value) : value;
          });
    translators.set(locale, t);
  }
  return t;
}
