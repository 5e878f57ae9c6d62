// Money (architecture.md, "Money"): an integer number of minor units (fen, cents) with a currency,
// never a float. Amounts are bigint here, strings of digits in JSON and GraphQL (GraphQL `Int`
// overflows at ¥21.4M in fen), `bigint` in Postgres.
import { deepFreeze } from "./deep-freeze.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";
import { FieldErrorList, isRecord, joinPath, preview } from "./validation.ts";

/** ISO 4217 codes the product prices in; the GraphQL enum and CHECK constraints use this list. */
export const CURRENCY_CODES = ["CNY", "USD", "EUR", "HKD", "JPY"] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

export interface Currency {
  code: CurrencyCode;
  /** ISO 4217 minor-unit exponent: an amount of 1234500 is 12,345.00 at 2, 1,234,500 at 0. */
  minorUnitExponent: number;
}

export const CURRENCIES: Readonly<Record<CurrencyCode, Currency>> = deepFreeze({
  CNY: { code: "CNY", minorUnitExponent: 2 },
  USD: { code: "USD", minorUnitExponent: 2 },
  EUR: { code: "EUR", minorUnitExponent: 2 },
  HKD: { code: "HKD", minorUnitExponent: 2 },
  JPY: { code: "JPY", minorUnitExponent: 0 },
});

export interface Money {
  amountMinor: bigint;
  currency: CurrencyCode;
}

/** The JSON and GraphQL shape of money: the amount in minor units as a string of digits. */
export interface MoneyJson {
  amount: string;
  currency: CurrencyCode;
}

/**
 * The largest amount the product accepts, in minor units: just under 10^15, i.e.
 * ¥9,999,999,999,999.99 in fen. Well inside Postgres `bigint` (about 9.2 × 10^18), so sums of a
 * few thousand such amounts still fit, and exact in JSON because it travels as a string.
 * Totals above it are refused (OUT_OF_RANGE) rather than stored.
 */
export const MAX_MONEY_MINOR = 999_999_999_999_999n;

// Whole minor units only: no decimals, exponent, spaces, plus sign or leading zeros; "-0" is not an amount.
const AMOUNT_SHAPE = /^(?:0|-?[1-9][0-9]*)$/;
const MAX_AMOUNT_DIGITS = MAX_MONEY_MINOR.toString().length;

export function money(amountMinor: bigint, currency: CurrencyCode): Money {
  return { amountMinor, currency };
}

export function zeroMoney(currency: CurrencyCode): Money {
  return { amountMinor: 0n, currency };
}

export function isWithinMoneyRange(amountMinor: bigint): boolean {
  return amountMinor <= MAX_MONEY_MINOR && amountMinor >= -MAX_MONEY_MINOR;
}

/**
 * Reads money from user input: `amount` is a string of whole minor units ("1234500" is
 * ¥12,345.00), `currency` one of CURRENCY_CODES. Negative amounts are refused unless
 * `allowNegative`. Errors name `${field}.amount` and `${field}.currency`.
 */
export function parseMoney(
  input: { amount: unknown; currency: unknown },
  field: string,
  options: { allowNegative?: boolean } = {},
): Result<Money, FieldError[]> {
  const errors = new FieldErrorList();
  const amountMinor = readAmount(errors, input.amount, joinPath(field, "amount"), options.allowNegative ?? false);
  const currency = errors.requireOneOf(CURRENCY_CODES, input.currency, joinPath(field, "currency"));
  if (amountMinor === null || currency === null) return err(errors.errors);
  return ok({ amountMinor, currency });
}

/** parseMoney for a value that should be a money object; a missing or non-object value names `field`. */
export function readMoney(
  errors: FieldErrorList,
  input: unknown,
  field: string,
  options: { allowNegative?: boolean } = {},
): Money | null {
  const record = errors.requireRecord(input, field);
  if (!record) return null;
  const parsed = parseMoney({ amount: record["amount"], currency: record["currency"] }, field, options);
  if (parsed.ok) return parsed.value;
  errors.errors.push(...parsed.error);
  return null;
}

function readAmount(errors: FieldErrorList, amount: unknown, field: string, allowNegative: boolean): bigint | null {
  if (amount === undefined || amount === null) {
    errors.add(field, "REQUIRED", `${field} is required`);
    return null;
  }
  const example = 'a string of whole minor units, like "1234500" for 12,345.00';
  if (typeof amount !== "string" && typeof amount !== "bigint") {
    errors.add(field, "INVALID_TYPE", `${field} must be ${example}, got ${preview(amount)}`);
    return null;
  }
  const text = amount.toString();
  if (!AMOUNT_SHAPE.test(text)) {
    errors.add(field, "INVALID_FORMAT", `${field} must be ${example} (no decimals, spaces or exponent), got ${preview(text)}`);
    return null;
  }
  const negative = text.startsWith("-");
  if (negative && !allowNegative) {
    errors.add(field, "OUT_OF_RANGE", `${field} must not be negative, got ${preview(text)}`);
    return null;
  }
  // Checking the length first keeps a 10,000-digit string from becoming a bigint at all.
  const digits = negative ? text.length - 1 : text.length;
  const value = digits > MAX_AMOUNT_DIGITS ? null : BigInt(text);
  if (value === null || !isWithinMoneyRange(value)) {
    errors.add(field, "OUT_OF_RANGE", `${field} may be at most ${MAX_MONEY_MINOR} minor units, got ${preview(text)}`);
    return null;
  }
  return value;
}

/** The GraphQL and JSON shape. */
export function formatMoney(value: Money): MoneyJson {
  return { amount: value.amountMinor.toString(), currency: value.currency };
}

/** "12345.00" for 1234500 fen, "-0.05", "1234500" for yen: exact, no grouping, for messages and exports. */
export function moneyToDecimalString(value: Money): string {
  const exponent = CURRENCIES[value.currency].minorUnitExponent;
  const negative = value.amountMinor < 0n;
  const digits = (negative ? -value.amountMinor : value.amountMinor).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

/** "12345.00 CNY", for people reading an error message. */
export function describeMoney(value: Money): string {
  return `${moneyToDecimalString(value)} ${value.currency}`;
}

function requireSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    // Callers validate currencies first (CURRENCY_MISMATCH names the field); reaching here is a bug.
    throw new Error(`cannot combine ${a.currency} and ${b.currency} amounts`);
  }
}

/** Same currency only; a different currency throws (callers validate currencies first). */
export function addMoney(a: Money, b: Money): Money {
  requireSameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  requireSameCurrency(a, b);
  return { amountMinor: a.amountMinor - b.amountMinor, currency: a.currency };
}

/** -1, 0 or 1; a different currency throws. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  requireSameCurrency(a, b);
  if (a.amountMinor === b.amountMinor) return 0;
  return a.amountMinor < b.amountMinor ? -1 : 1;
}

/** The sum in `currency` (zero for no items); an item in another currency throws. */
export function sumMoney(items: readonly Money[], currency: CurrencyCode): Money {
  return items.reduce(addMoney, zeroMoney(currency));
}

/** `T` with every Money replaced by its JSON shape: what a jsonb column or JSON.stringify can hold. */
export type MoneyAsJson<T> = T extends Money
  ? MoneyJson
  : T extends readonly (infer Item)[]
    ? MoneyAsJson<Item>[]
    : T extends object
      ? { [K in keyof T]: MoneyAsJson<T[K]> }
      : T;

function isMoney(value: unknown): value is Money {
  return isRecord(value) && typeof value["amountMinor"] === "bigint" && typeof value["currency"] === "string";
}

/**
 * A deep copy of `value` with every Money as `{ amount: "…", currency }`, so it can be stored as
 * JSON (JSON.stringify throws on bigint). The validators read that shape back. For plain data
 * (records, arrays, primitives): a Date or class instance would come out as a plain record.
 */
export function withMoneyAsJson<T>(value: T): MoneyAsJson<T> {
  return toJson(value) as MoneyAsJson<T>;
}

function toJson(value: unknown): unknown {
  if (isMoney(value)) return formatMoney(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toJson(child)]));
  return value;
}
