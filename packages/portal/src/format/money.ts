import type { Locale } from "../i18n/locales.ts";

/** The API's Money: an integer count of the currency's minor units (fen, cents), as a string. */
export interface Money {
  amount: string;
  currency: string;
}

/**
 * Money for people, from integer minor units without passing through floating point: the
 * digits are split at the currency's number of minor digits and handed to Intl.NumberFormat as a
 * decimal string, which it formats exactly (¥21,474,836.48 stays exact, and so does an amount far
 * past a double's 2^53).
 */
export function formatMoney(money: Money, locale: Locale): string {
  if (!/^-?\d+$/.test(money.amount)) throw new Error(`Money amount must be an integer string, got "${money.amount}"`);
  const format = currencyFormat(locale, money.currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const negative = money.amount.startsWith("-");
  const units = (negative ? money.amount.slice(1) : money.amount).padStart(digits + 1, "0");
  const major = units.slice(0, units.length - digits);
  const minor = units.slice(units.length - digits);
  const decimal = `${negative ? "-" : ""}${major}${digits > 0 ? `.${minor}` : ""}`;
  // Intl formats a decimal string exactly (ES2023); the types still only admit numbers.
  return format.format(decimal as unknown as number);
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** One format per language and currency, made once: a report or a board formats hundreds of amounts. */
function currencyFormat(locale: Locale, currency: string): Intl.NumberFormat {
  const key = `${locale} ${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    currencyFormats.set(key, format);
  }
  return format;
}
