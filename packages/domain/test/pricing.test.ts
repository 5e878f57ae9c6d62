import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CURRENCY_CODES,
  MAX_MONEY_MINOR,
  priceLine,
  priceProposal,
  roundHalfUpDiv,
  validatePricing,
  withMoneyAsJson,
  type PriceLineInput,
} from "../src/index.ts";
import { cny, problems, withChanges, type Json } from "./support/inputs.ts";
import { priceLineArbitrary, pricingArbitrary } from "./support/proposal-arbitraries.ts";

function line(overrides: Partial<PriceLineInput> = {}): PriceLineInput {
  return { product: "Pump", quantity: 1, unitPrice: cny(100n), discountBasisPoints: 0, vatRateBasisPoints: 1300, pricesIncludeVat: false, ...overrides };
}

/** A sound pricing input (the JSON/GraphQL shape) with the value at `path` replaced. */
function pricingWith(path: string, value: unknown): Json {
  const input = {
    currency: "CNY",
    lines: [
      { product: "Pump", quantity: 2, unitPrice: { amount: "1130000", currency: "CNY" }, discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: true },
      { product: "Installation", quantity: 1, unitPrice: { amount: "200000", currency: "CNY" }, discountBasisPoints: 0, vatRateBasisPoints: 600, pricesIncludeVat: true },
      { product: "Training", quantity: 3, unitPrice: { amount: "50000", currency: "CNY" }, vatRateBasisPoints: 600, pricesIncludeVat: false },
    ],
    paymentOptions: [
      {
        name: "Instalments",
        description: "30 % advance, 60 % on delivery, 10 % retention",
        pros: ["lower cash outlay up front"],
        cons: ["higher total administration"],
        instalments: [
          { trigger: "ADVANCE", percentBasisPoints: 3000 },
          { trigger: "DELIVERY", percentBasisPoints: 6000, dueDays: 30 },
          { trigger: "RETENTION", percentBasisPoints: 1000, dueDays: 365 },
        ],
      },
    ],
  };
  return withChanges(input, [path, value]);
}

function rejectedWith(input: unknown, field = ""): string[] {
  const result = validatePricing(input, field);
  expect(result.ok).toBe(false);
  return result.ok ? [] : problems(result.error);
}

describe("roundHalfUpDiv", () => {
  it.each<[bigint, bigint, bigint]>([
    [0n, 7n, 0n],
    [4n, 10n, 0n],
    [5n, 10n, 1n], // exactly .5 goes up
    [14n, 10n, 1n],
    [15n, 10n, 2n],
    [4_999n, 10_000n, 0n],
    [5_000n, 10_000n, 1n],
    [49_995n, 10_000n, 5n],
    [10n ** 30n + 1n, 2n, 5n * 10n ** 29n + 1n],
  ])("%s / %s rounds half-up to %s", (numerator, denominator, expected) => {
    expect(roundHalfUpDiv(numerator, denominator)).toBe(expected);
  });

  it.each<[bigint, bigint]>([
    [-1n, 10n],
    [1n, 0n],
    [1n, -3n],
  ])("refuses %s / %s", (numerator, denominator) => {
    expect(() => roundHalfUpDiv(numerator, denominator)).toThrow(RangeError);
  });

  it("is within half a unit, and a tie goes up", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (numerator, denominator) => {
        const rounded = roundHalfUpDiv(numerator, denominator);
        // rounded·d − d/2 ≤ n < rounded·d + d/2
        const twiceError = 2n * numerator - 2n * rounded * denominator;
        expect(twiceError >= -denominator && twiceError < denominator).toBe(true);
      }),
    );
  });
});

describe("SOP-5.2 part 5 line prices: discounts in basis points, rounded half-up per line", () => {
  it.each<[string, Partial<PriceLineInput>, Record<string, bigint>]>([
    [
      "3 × ¥0.05 at 3333 bp: ¥0.15 less 4.9995 fen rounds to 5 fen off",
      { quantity: 3, unitPrice: cny(5n), discountBasisPoints: 3333, vatRateBasisPoints: 0 },
      { gross: 15n, discount: 5n, net: 10n, vat: 0n, totalWithoutVat: 10n, totalWithVat: 10n },
    ],
    [
      "3 × ¥0.05 at 1000 bp: exactly 1.5 fen off rounds up to 2",
      { quantity: 3, unitPrice: cny(5n), discountBasisPoints: 1000, vatRateBasisPoints: 0 },
      { gross: 15n, discount: 2n, net: 13n, vat: 0n, totalWithoutVat: 13n, totalWithVat: 13n },
    ],
    [
      "1 fen at 4999 bp: 0.4999 fen off rounds down to nothing",
      { quantity: 1, unitPrice: cny(1n), discountBasisPoints: 4999, vatRateBasisPoints: 0 },
      { gross: 1n, discount: 0n, net: 1n, vat: 0n, totalWithoutVat: 1n, totalWithVat: 1n },
    ],
    [
      "a 100 % discount (10000 bp) makes the line free",
      { quantity: 4, unitPrice: cny(999n), discountBasisPoints: 10_000 },
      { gross: 3996n, discount: 3996n, net: 0n, vat: 0n, totalWithoutVat: 0n, totalWithVat: 0n },
    ],
    [
      "2 × ¥11,300.00 including 13 % VAT at 5 % off: ¥21,470.00 holds ¥2,470.00 VAT",
      { quantity: 2, unitPrice: cny(1_130_000n), discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: true },
      { gross: 2_260_000n, discount: 113_000n, net: 2_147_000n, vat: 247_000n, totalWithoutVat: 1_900_000n, totalWithVat: 2_147_000n },
    ],
    [
      "10 × ¥100.00 plus 6 % VAT",
      { quantity: 10, unitPrice: cny(10_000n), vatRateBasisPoints: 600, pricesIncludeVat: false },
      { gross: 100_000n, discount: 0n, net: 100_000n, vat: 6_000n, totalWithoutVat: 100_000n, totalWithVat: 106_000n },
    ],
    [
      "13 % VAT on 10 fen added: 1.3 fen rounds to 1",
      { quantity: 1, unitPrice: cny(10n), vatRateBasisPoints: 1300, pricesIncludeVat: false },
      { gross: 10n, discount: 0n, net: 10n, vat: 1n, totalWithoutVat: 10n, totalWithVat: 11n },
    ],
    [
      "13 % VAT inside 10 fen: 1.15 fen rounds to 1",
      { quantity: 1, unitPrice: cny(10n), vatRateBasisPoints: 1300, pricesIncludeVat: true },
      { gross: 10n, discount: 0n, net: 10n, vat: 1n, totalWithoutVat: 9n, totalWithVat: 10n },
    ],
    [
      "VAT of exactly half a fen is rounded up: 5 fen plus 10 %",
      { quantity: 1, unitPrice: cny(5n), vatRateBasisPoints: 1000, pricesIncludeVat: false },
      { gross: 5n, discount: 0n, net: 5n, vat: 1n, totalWithoutVat: 5n, totalWithVat: 6n },
    ],
  ])("SOP-5.2 %s", (_name, overrides, expected) => {
    const price = priceLine(line(overrides));
    const amounts = Object.fromEntries(Object.entries(price).map(([key, value]) => [key, value.amountMinor]));
    expect(amounts).toEqual(expected);
    expect(Object.values(price).every((value) => value.currency === "CNY")).toBe(true);
  });

  const anyLine = fc.constantFrom(...CURRENCY_CODES).chain(priceLineArbitrary);

  it("SOP-5.2 net + discount = gross, and 0 ≤ discount ≤ gross", () => {
    fc.assert(
      fc.property(anyLine, (input) => {
        const { gross, discount, net } = priceLine(input);
        expect(net.amountMinor + discount.amountMinor).toBe(gross.amountMinor);
        expect(discount.amountMinor >= 0n && discount.amountMinor <= gross.amountMinor).toBe(true);
      }),
    );
  });

  it("SOP-5.2 with VAT included, totalWithoutVat + vat = net = totalWithVat; with VAT added, totalWithVat = net + vat", () => {
    fc.assert(
      fc.property(anyLine, (input) => {
        const { net, vat, totalWithoutVat, totalWithVat } = priceLine(input);
        expect(totalWithoutVat.amountMinor + vat.amountMinor).toBe(totalWithVat.amountMinor);
        expect(input.pricesIncludeVat ? totalWithVat : totalWithoutVat).toEqual(net);
        expect(vat.amountMinor >= 0n && vat.amountMinor <= net.amountMinor).toBe(true);
      }),
    );
  });
});

describe("SOP-5.2 part 5 proposal totals", () => {
  it("SOP-5.2 totals are the sums of the rounded line amounts", () => {
    fc.assert(
      fc.property(pricingArbitrary, ({ lines, currency }) => {
        const result = priceProposal(lines, currency);
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        const sum = (key: "gross" | "discount" | "vat" | "totalWithoutVat" | "totalWithVat") =>
          result.value.lines.reduce((total, priced) => total + priced[key].amountMinor, 0n);
        for (const key of ["gross", "discount", "vat", "totalWithoutVat", "totalWithVat"] as const) {
          expect(result.value[key]).toEqual({ amountMinor: sum(key), currency });
        }
        expect(result.value.lines.map(({ product, quantity }) => ({ product, quantity }))).toEqual(lines.map(({ product, quantity }) => ({ product, quantity })));
      }),
    );
  });

  it("no lines cost nothing", () => {
    expect(priceProposal([], "EUR")).toMatchObject({ ok: true, value: { totalWithVat: { amountMinor: 0n, currency: "EUR" }, lines: [] } });
  });

  it.each<[string, PriceLineInput[], string[]]>([
    ["a line of exactly the maximum, VAT included, is fine", [line({ unitPrice: cny(MAX_MONEY_MINOR), pricesIncludeVat: true })], []],
    ["a line of exactly the maximum with 0 % VAT added is fine", [line({ unitPrice: cny(MAX_MONEY_MINOR), vatRateBasisPoints: 0 })], []],
    ["VAT added on top of the maximum overflows the line", [line({ unitPrice: cny(MAX_MONEY_MINOR), vatRateBasisPoints: 1 })], ["lines[0]:OUT_OF_RANGE"]],
    ["quantity × price above the maximum overflows the line even if discounted", [line({ quantity: 2, unitPrice: cny(MAX_MONEY_MINOR), discountBasisPoints: 10_000 })], ["lines[0]:OUT_OF_RANGE"]],
    [
      "two lines within the maximum whose total is not overflow the proposal",
      [line({ unitPrice: cny(MAX_MONEY_MINOR), vatRateBasisPoints: 0 }), line({ unitPrice: cny(1n), vatRateBasisPoints: 0 })],
      ["lines:OUT_OF_RANGE"],
    ],
  ])("%s", (_name, lines, expected) => {
    const result = priceProposal(lines, "CNY");
    expect(result.ok ? [] : problems(result.error)).toEqual(expected);
  });

  it("an overflow message states the maximum in the proposal's currency", () => {
    const result = priceProposal([line({ quantity: 2, unitPrice: cny(MAX_MONEY_MINOR) })], "CNY", "pricing");
    expect(result).toMatchObject({ ok: false, error: [{ field: "pricing.lines[0]", message: expect.stringContaining("maximum of 9999999999999.99 CNY") }] });
  });
});

describe("validatePricing", () => {
  it("reads a sound pricing part", () => {
    const result = validatePricing(pricingWith("currency", "CNY"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.lines[0]).toEqual({
      product: "Pump",
      quantity: 2,
      unitPrice: cny(1_130_000n),
      discountBasisPoints: 500,
      vatRateBasisPoints: 1300,
      pricesIncludeVat: true,
    });
    expect(result.value.lines[2]?.discountBasisPoints).toBe(0); // no discount given means none
    expect(result.value.paymentOptions[0]?.instalments[0]).toEqual({ trigger: "ADVANCE", percentBasisPoints: 3000, dueDays: null });
  });

  it("a draft may have no lines and no payment options yet", () => {
    expect(validatePricing({ currency: "USD" })).toEqual({ ok: true, value: { currency: "USD", lines: [], paymentOptions: [] } });
  });

  it.each<[string, string, unknown, string[]]>([
    ["a negative quantity", "lines[2].quantity", -3, ["lines[2].quantity:OUT_OF_RANGE"]],
    ["a zero quantity", "lines[2].quantity", 0, ["lines[2].quantity:OUT_OF_RANGE"]],
    ["a fractional quantity", "lines[2].quantity", 1.5, ["lines[2].quantity:INVALID_TYPE"]],
    ["a quantity of 1,000,001", "lines[0].quantity", 1_000_001, ["lines[0].quantity:OUT_OF_RANGE"]],
    ["a quantity as text", "lines[0].quantity", "2", ["lines[0].quantity:INVALID_TYPE"]],
    ["a discount over 100 % (10001 bp)", "lines[0].discountBasisPoints", 10_001, ["lines[0].discountBasisPoints:OUT_OF_RANGE"]],
    ["a negative discount", "lines[0].discountBasisPoints", -1, ["lines[0].discountBasisPoints:OUT_OF_RANGE"]],
    ["a discount given as a percentage fraction", "lines[0].discountBasisPoints", 5.5, ["lines[0].discountBasisPoints:INVALID_TYPE"]],
    ["a VAT rate over 100 %", "lines[1].vatRateBasisPoints", 10_001, ["lines[1].vatRateBasisPoints:OUT_OF_RANGE"]],
    ["no VAT rate", "lines[1].vatRateBasisPoints", undefined, ["lines[1].vatRateBasisPoints:REQUIRED"]],
    ["not saying whether prices include VAT", "lines[1].pricesIncludeVat", undefined, ["lines[1].pricesIncludeVat:REQUIRED"]],
    ["a unit price in another currency", "lines[1].unitPrice.currency", "USD", ["lines[1].unitPrice.currency:CURRENCY_MISMATCH"]],
    ["a negative unit price", "lines[0].unitPrice.amount", "-100", ["lines[0].unitPrice.amount:OUT_OF_RANGE"]],
    ["a unit price with decimals", "lines[0].unitPrice.amount", "11300.00", ["lines[0].unitPrice.amount:INVALID_FORMAT"]],
    ["no unit price", "lines[0].unitPrice", undefined, ["lines[0].unitPrice:REQUIRED"]],
    ["an unknown proposal currency", "currency", "RMB", ["currency:UNKNOWN_VALUE"]],
    ["lines that are not a list", "lines", "Pump", ["lines:INVALID_TYPE"]],
    ["a product name of 501 characters", "lines[0].product", "x".repeat(501), ["lines[0].product:TOO_LONG"]],
    ["instalments adding up to 90 %", "paymentOptions[0].instalments[1].percentBasisPoints", 5000, ["paymentOptions[0].instalments:INVALID_SUM"]],
    ["instalments adding up to 110 %", "paymentOptions[0].instalments[2].percentBasisPoints", 2000, ["paymentOptions[0].instalments:INVALID_SUM"]],
    ["an instalment of 0 %", "paymentOptions[0].instalments[2].percentBasisPoints", 0, ["paymentOptions[0].instalments[2].percentBasisPoints:OUT_OF_RANGE"]],
    ["an unknown instalment trigger", "paymentOptions[0].instalments[0].trigger", "LATER", ["paymentOptions[0].instalments[0].trigger:UNKNOWN_VALUE"]],
    ["a negative due day", "paymentOptions[0].instalments[1].dueDays", -1, ["paymentOptions[0].instalments[1].dueDays:OUT_OF_RANGE"]],
    ["pros that are not a list of text", "paymentOptions[0].pros", [42], ["paymentOptions[0].pros[0]:INVALID_TYPE"]],
    [
      "a total above the maximum",
      "lines[0].unitPrice.amount",
      MAX_MONEY_MINOR.toString(),
      ["lines[0]:OUT_OF_RANGE"],
    ],
  ])("SOP-5.2 refuses %s, naming the field", (_name, path, value, expected) => {
    expect(rejectedWith(pricingWith(path, value))).toEqual(expected);
  });

  it("SOP-5.2 lines each within the maximum whose totals overflow are refused at lines", () => {
    const huge = { product: "Plant", quantity: 1, unitPrice: { amount: MAX_MONEY_MINOR.toString(), currency: "CNY" }, vatRateBasisPoints: 0, pricesIncludeVat: false };
    expect(rejectedWith({ currency: "CNY", lines: [huge, huge] })).toEqual(["lines:OUT_OF_RANGE"]);
  });

  it("instalments adding up to exactly 100 % in one share are fine", () => {
    expect(validatePricing(pricingWith("paymentOptions[0].instalments", [{ trigger: "ON_SIGNING", percentBasisPoints: 10_000 }])).ok).toBe(true);
  });

  it("reports every problem at once, under the given prefix", () => {
    const input = withChanges(pricingWith("lines[0].quantity", -1), ["lines[1].discountBasisPoints", 20_000]);
    expect(rejectedWith(input, "pricing")).toEqual(["pricing.lines[0].quantity:OUT_OF_RANGE", "pricing.lines[1].discountBasisPoints:OUT_OF_RANGE"]);
  });

  it("reads back what it produced, once money is in its JSON form", () => {
    fc.assert(
      fc.property(pricingArbitrary, (pricing) => {
        expect(validatePricing(JSON.parse(JSON.stringify(withMoneyAsJson(pricing))))).toEqual({ ok: true, value: pricing });
      }),
    );
  });
});
