import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMoney,
  compareMoney,
  CURRENCIES,
  CURRENCY_CODES,
  describeMoney,
  formatMoney,
  MAX_MONEY_MINOR,
  moneyToDecimalString,
  parseMoney,
  sumMoney,
  withMoneyAsJson,
  type CurrencyCode,
  type Money,
} from "../src/index.ts";
import { cny, problems } from "./support/inputs.ts";


describe("money is integer minor units with a currency (architecture.md)", () => {
  it.each<[CurrencyCode, number]>([
    ["CNY", 2],
    ["USD", 2],
    ["EUR", 2],
    ["HKD", 2],
    ["JPY", 0],
  ])("%s has %i decimal places", (currency, exponent) => {
    expect(CURRENCIES[currency]).toEqual({ code: currency, minorUnitExponent: exponent });
  });

  it("the maximum is just under 10^15 minor units: ¥9,999,999,999,999.99", () => {
    expect(MAX_MONEY_MINOR).toBe(10n ** 15n - 1n);
    expect(describeMoney(cny(MAX_MONEY_MINOR))).toBe("9999999999999.99 CNY");
    expect(MAX_MONEY_MINOR * 1000n < 2n ** 63n - 1n).toBe(true); // a thousand of them still fit a Postgres bigint
  });
});

describe("parseMoney", () => {
  it.each<[string, unknown, bigint]>([
    ["¥12,345.00 is 1234500 fen", "1234500", 1_234_500n],
    ["zero", "0", 0n],
    ["exactly the maximum", MAX_MONEY_MINOR.toString(), MAX_MONEY_MINOR],
    ["a bigint from an internal caller", 42n, 42n],
  ])("accepts %s", (_name, amount, amountMinor) => {
    expect(parseMoney({ amount, currency: "CNY" }, "value")).toEqual({ ok: true, value: { amountMinor, currency: "CNY" } });
  });

  it.each<[string, unknown, string]>([
    ["one over the maximum", (MAX_MONEY_MINOR + 1n).toString(), "OUT_OF_RANGE"],
    ["a thousand digits", "9".repeat(1000), "OUT_OF_RANGE"],
    ["a negative amount by default", "-5", "OUT_OF_RANGE"],
    ["decimals", "12345.00", "INVALID_FORMAT"],
    ["an exponent", "1e5", "INVALID_FORMAT"],
    ["spaces", " 100", "INVALID_FORMAT"],
    ["digit grouping", "1,000", "INVALID_FORMAT"],
    ["a plus sign", "+5", "INVALID_FORMAT"],
    ["leading zeros", "007", "INVALID_FORMAT"],
    ["minus zero", "-0", "INVALID_FORMAT"],
    ["an empty string", "", "INVALID_FORMAT"],
    ["full-width digits", "１２３", "INVALID_FORMAT"],
    ["a JSON number (floats are never money)", 12.5, "INVALID_TYPE"],
    ["a safe integer number", 100, "INVALID_TYPE"],
    ["nothing", undefined, "REQUIRED"],
  ])("refuses %s at <field>.amount", (_name, amount, code) => {
    expect(parseMoney({ amount, currency: "CNY" }, "estimatedValue")).toMatchObject({ ok: false, error: [{ field: "estimatedValue.amount", code }] });
  });

  it.each<[string, bigint, boolean]>([
    ["-MAX", -MAX_MONEY_MINOR, true],
    ["-(MAX+1)", -MAX_MONEY_MINOR - 1n, false],
    ["-1", -1n, true],
  ])("with allowNegative, %s is accepted: %s", (_name, amountMinor, accepted) => {
    expect(parseMoney({ amount: amountMinor.toString(), currency: "USD" }, "adjustment", { allowNegative: true }).ok).toBe(accepted);
  });

  it("an unknown currency is UNKNOWN_VALUE at <field>.currency, reported with the amount's problem", () => {
    const result = parseMoney({ amount: "1.5", currency: "cny" }, "lines[0].unitPrice");
    expect(result.ok ? [] : problems(result.error)).toEqual(["lines[0].unitPrice.amount:INVALID_FORMAT", "lines[0].unitPrice.currency:UNKNOWN_VALUE"]);
  });

  it("with no field prefix the paths are amount and currency", () => {
    const result = parseMoney({ amount: "x", currency: undefined }, "");
    expect(result.ok ? [] : problems(result.error)).toEqual(["amount:INVALID_FORMAT", "currency:REQUIRED"]);
  });

  it("parse(format(m)) == m for every amount in range", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_MONEY_MINOR, max: MAX_MONEY_MINOR }), fc.constantFrom(...CURRENCY_CODES), (amountMinor, currency) => {
        const value = { amountMinor, currency };
        expect(parseMoney(formatMoney(value), "value", { allowNegative: true })).toEqual({ ok: true, value });
      }),
    );
  });
});

describe("formatting", () => {
  it("formatMoney gives the GraphQL shape: the amount as a string", () => {
    expect(formatMoney(cny(1_234_500n))).toEqual({ amount: "1234500", currency: "CNY" });
  });

  it.each<[bigint, CurrencyCode, string]>([
    [1_234_500n, "CNY", "12345.00"],
    [5n, "CNY", "0.05"],
    [-5n, "USD", "-0.05"],
    [0n, "EUR", "0.00"],
    [100n, "HKD", "1.00"],
    [1_234_500n, "JPY", "1234500"],
    [-7n, "JPY", "-7"],
  ])("%s minor units of %s read %s", (amountMinor, currency, text) => {
    expect(moneyToDecimalString({ amountMinor, currency })).toBe(text);
  });
});

describe("arithmetic", () => {
  it("adds and sums in one currency", () => {
    expect(addMoney(cny(150n), cny(250n))).toEqual(cny(400n));
    expect(sumMoney([cny(1n), cny(2n), cny(3n)], "CNY")).toEqual(cny(6n));
    expect(sumMoney([], "JPY")).toEqual({ amountMinor: 0n, currency: "JPY" });
  });

  it("refuses to mix currencies (callers validate first, so this is a bug)", () => {
    const usd: Money = { amountMinor: 1n, currency: "USD" };
    expect(() => addMoney(cny(1n), usd)).toThrow("cannot combine CNY and USD");
    expect(() => sumMoney([cny(1n)], "USD")).toThrow();
    expect(() => compareMoney(cny(1n), usd)).toThrow();
  });

  it.each<[bigint, bigint, -1 | 0 | 1]>([
    [1n, 2n, -1],
    [2n, 2n, 0],
    [3n, 2n, 1],
  ])("compareMoney(%s, %s) is %i", (a, b, expected) => {
    expect(compareMoney(cny(a), cny(b))).toBe(expected);
  });
});

describe("withMoneyAsJson", () => {
  it("turns every nested Money into its JSON shape so JSON.stringify works", () => {
    const value = { lines: [{ product: "Pump", unitPrice: cny(500n) }], floor: cny(MAX_MONEY_MINOR), note: null };
    expect(() => JSON.stringify(value)).toThrow();
    expect(JSON.parse(JSON.stringify(withMoneyAsJson(value)))).toEqual({
      lines: [{ product: "Pump", unitPrice: { amount: "500", currency: "CNY" } }],
      floor: { amount: "999999999999999", currency: "CNY" },
      note: null,
    });
  });
});
