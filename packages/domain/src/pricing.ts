// SOP-5.2 part 5, price and payment: unit prices, totals, discounts, VAT, and payment options
// with their pros and cons and instalments. All arithmetic is on bigint minor units; discounts
// and VAT rates are basis points (1 bp = 0.01 %), rounded half-up once per line.
import {
  CURRENCY_CODES,
  describeMoney,
  MAX_MONEY_MINOR,
  readMoney,
  sumMoney,
  type CurrencyCode,
  type Money,
} from "./money.ts";
import { err, ok, fieldError, type FieldError, type Result } from "./result.ts";
import { FieldErrorList, joinPath } from "./validation.ts";

export const BASIS_POINTS_PER_WHOLE = 10_000;
/** Quantities are whole units from 1 to this. */
export const MAX_QUANTITY = 1_000_000;
export const MAX_PRICE_LINES = 200;
export const MAX_PAYMENT_OPTIONS = 10;
export const MAX_INSTALMENTS = 24;
/** Days after the trigger an instalment falls due: at most about ten years. */
export const MAX_INSTALMENT_DUE_DAYS = 3_660;
export const PRICING_SHORT_TEXT_MAX_LENGTH = 500;
export const PRICING_LONG_TEXT_MAX_LENGTH = 5_000;
const MAX_PROS_OR_CONS = 20;

/** SOP-5.2 part 5: what makes an instalment fall due. */
export const INSTALMENT_TRIGGERS = ["ADVANCE", "DELIVERY", "ACCEPTANCE", "RETENTION", "ON_SIGNING"] as const;
export type InstalmentTrigger = (typeof INSTALMENT_TRIGGERS)[number];

export interface PriceLineInput {
  product: string;
  /** Whole units, 1 to MAX_QUANTITY. */
  quantity: number;
  /** In the proposal's currency, not negative. */
  unitPrice: Money;
  /** 0 to 10000 (100 %). */
  discountBasisPoints: number;
  /** 0 to 10000, e.g. 1300 = 13 %, 600 = 6 %. */
  vatRateBasisPoints: number;
  /** Whether unitPrice already includes VAT (then VAT is extracted from it, not added). */
  pricesIncludeVat: boolean;
}

export interface LinePrice {
  /** quantity × unit price */
  gross: Money;
  /** round half-up(gross × discount bp / 10000) */
  discount: Money;
  /** gross − discount: what the customer pays for the line, VAT included or not as the line says */
  net: Money;
  vat: Money;
  totalWithoutVat: Money;
  totalWithVat: Money;
}

export type PricedLine = PriceLineInput & LinePrice;

export interface ProposalPrice {
  lines: PricedLine[];
  gross: Money;
  discount: Money;
  totalWithoutVat: Money;
  vat: Money;
  totalWithVat: Money;
}

export interface Instalment {
  trigger: InstalmentTrigger;
  /** This instalment's share of the price; the shares of one option add up to 10000. */
  percentBasisPoints: number;
  /** Days after the trigger that it falls due; null when due on the trigger. */
  dueDays: number | null;
}

export interface PaymentOption {
  name: string;
  description: string;
  pros: string[];
  cons: string[];
  instalments: Instalment[];
}

export interface Pricing {
  currency: CurrencyCode;
  lines: PriceLineInput[];
  paymentOptions: PaymentOption[];
}

/**
 * numerator / denominator rounded half-up (x.5 goes up), for non-negative numerator and positive
 * denominator; anything else throws, since a negative price never reaches pricing.
 */
export function roundHalfUpDiv(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError(`roundHalfUpDiv takes a non-negative numerator and a positive denominator, got ${numerator} / ${denominator}`);
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return remainder * 2n >= denominator ? quotient + 1n : quotient;
}

/**
 * SOP-5.2 part 5: one line's amounts, rounded half-up once each (the issue: "rounded half-up per
 * line"). Takes a line as validatePricing returns it (quantity ≥ 1, price ≥ 0, rates 0–10000 bp).
 */
export function priceLine(line: PriceLineInput): LinePrice {
  const { currency } = line.unitPrice;
  const whole = BigInt(BASIS_POINTS_PER_WHOLE);
  const rate = BigInt(line.vatRateBasisPoints);
  const gross = BigInt(line.quantity) * line.unitPrice.amountMinor;
  const discount = roundHalfUpDiv(gross * BigInt(line.discountBasisPoints), whole);
  const net = gross - discount;
  // A VAT-inclusive price holds rate/(1+rate) of VAT; otherwise VAT is added on top.
  const vat = line.pricesIncludeVat ? roundHalfUpDiv(net * rate, whole + rate) : roundHalfUpDiv(net * rate, whole);
  const totalWithoutVat = line.pricesIncludeVat ? net - vat : net;
  const totalWithVat = line.pricesIncludeVat ? net : net + vat;
  const inCurrency = (amountMinor: bigint): Money => ({ amountMinor, currency });
  return {
    gross: inCurrency(gross),
    discount: inCurrency(discount),
    net: inCurrency(net),
    vat: inCurrency(vat),
    totalWithoutVat: inCurrency(totalWithoutVat),
    totalWithVat: inCurrency(totalWithVat),
  };
}

/**
 * SOP-5.2 part 5: every line priced and the proposal's totals, each the sum of the rounded line
 * amounts. A line or a total above MAX_MONEY_MINOR is OUT_OF_RANGE at `lines[i]` or `lines`
 * (under `field`). Lines must be in `currency` (validatePricing checks that); another throws.
 */
export function priceProposal(lines: readonly PriceLineInput[], currency: CurrencyCode, field = ""): Result<ProposalPrice, FieldError[]> {
  const errors: FieldError[] = [];
  const linesPath = joinPath(field, "lines");
  const priced = lines.map((line, index): PricedLine => {
    const price = priceLine(line);
    // The largest amounts of a line: gross (before discount) and the total with VAT added (up to 2 × net).
    const largest = price.gross.amountMinor > price.totalWithVat.amountMinor ? price.gross : price.totalWithVat;
    if (largest.amountMinor > MAX_MONEY_MINOR) {
      errors.push(fieldError(joinPath(linesPath, index), "OUT_OF_RANGE", tooLarge(`line ${index + 1} comes to ${describeMoney(largest)}`, currency)));
    }
    return { ...line, ...price };
  });
  const total = (pick: (line: PricedLine) => Money) => sumMoney(priced.map(pick), currency);
  const price: ProposalPrice = {
    lines: priced,
    gross: total((line) => line.gross),
    discount: total((line) => line.discount),
    totalWithoutVat: total((line) => line.totalWithoutVat),
    vat: total((line) => line.vat),
    totalWithVat: total((line) => line.totalWithVat),
  };
  if (errors.length === 0) {
    const largest = price.gross.amountMinor > price.totalWithVat.amountMinor ? price.gross : price.totalWithVat;
    if (largest.amountMinor > MAX_MONEY_MINOR) {
      errors.push(fieldError(linesPath, "OUT_OF_RANGE", tooLarge(`the proposal comes to ${describeMoney(largest)}`, currency)));
    }
  }
  return errors.length === 0 ? ok(price) : err(errors);
}

function tooLarge(what: string, currency: CurrencyCode): string {
  return `${what}, more than the maximum of ${describeMoney({ amountMinor: MAX_MONEY_MINOR, currency })}`;
}

/**
 * SOP-5.2 part 5: reads a proposal's price and payment part from user input (money as
 * `{ amount: "1234500", currency: "CNY" }`). Paths are under `field` (`pricing.lines[2].quantity`).
 * A draft may have no lines or options yet (missingParts reports that at submission), but what is
 * there must be sound: whole quantities, discounts of at most 100 %, one currency, totals in range,
 * and each payment option's instalments adding up to exactly 100 %.
 */
export function validatePricing(input: unknown, field = ""): Result<Pricing, FieldError[]> {
  const errors = new FieldErrorList();
  const pricing = readPricing(errors, input, field);
  return pricing && errors.isEmpty ? ok(pricing) : err(errors.errors);
}

/** validatePricing into a shared error list, for validators of larger inputs. */
export function readPricing(errors: FieldErrorList, input: unknown, field: string): Pricing | null {
  const root = errors.requireRecord(input, field);
  if (!root) return null;
  const currency = errors.requireOneOf(CURRENCY_CODES, root["currency"], joinPath(field, "currency"));
  const linesPath = joinPath(field, "lines");
  const errorsBeforeLines = errors.errors.length;
  const lines = errors.optionalList(root["lines"], linesPath, MAX_PRICE_LINES, (item, path) => readLine(errors, item, path, currency));
  // Totals only mean something once the currency and every line are sound.
  if (currency !== null && errors.errors.length === errorsBeforeLines) {
    const priced = priceProposal(lines, currency, field);
    if (!priced.ok) errors.errors.push(...priced.error);
  }
  const paymentOptions = errors.optionalList(root["paymentOptions"], joinPath(field, "paymentOptions"), MAX_PAYMENT_OPTIONS, (item, path) =>
    readPaymentOption(errors, item, path),
  );
  return currency === null ? null : { currency, lines, paymentOptions };
}

function readLine(errors: FieldErrorList, input: unknown, path: string, currency: CurrencyCode | null): PriceLineInput | null {
  const line = errors.requireRecord(input, path);
  if (!line) return null;
  const product = errors.optionalText(line["product"], joinPath(path, "product"), PRICING_SHORT_TEXT_MAX_LENGTH);
  const quantity = errors.integerInRange(line["quantity"], joinPath(path, "quantity"), 1, MAX_QUANTITY);
  const unitPricePath = joinPath(path, "unitPrice");
  const unitPrice = readMoney(errors, line["unitPrice"], unitPricePath);
  if (unitPrice && currency && unitPrice.currency !== currency) {
    const currencyPath = joinPath(unitPricePath, "currency");
    errors.add(currencyPath, "CURRENCY_MISMATCH", `${currencyPath} is ${unitPrice.currency} but the proposal is priced in ${currency}`);
  }
  const discountInput = line["discountBasisPoints"];
  const discountBasisPoints =
    discountInput === undefined || discountInput === null
      ? 0
      : errors.integerInRange(discountInput, joinPath(path, "discountBasisPoints"), 0, BASIS_POINTS_PER_WHOLE);
  const vatRateBasisPoints = errors.integerInRange(line["vatRateBasisPoints"], joinPath(path, "vatRateBasisPoints"), 0, BASIS_POINTS_PER_WHOLE);
  const pricesIncludeVat = errors.requireBoolean(line["pricesIncludeVat"], joinPath(path, "pricesIncludeVat"));
  if (product === null || quantity === null || unitPrice === null || discountBasisPoints === null) return null;
  if (vatRateBasisPoints === null || pricesIncludeVat === null) return null;
  return { product, quantity, unitPrice, discountBasisPoints, vatRateBasisPoints, pricesIncludeVat };
}

function readPaymentOption(errors: FieldErrorList, input: unknown, path: string): PaymentOption | null {
  const option = errors.requireRecord(input, path);
  if (!option) return null;
  const name = errors.optionalText(option["name"], joinPath(path, "name"), PRICING_SHORT_TEXT_MAX_LENGTH);
  const description = errors.optionalText(option["description"], joinPath(path, "description"), PRICING_LONG_TEXT_MAX_LENGTH);
  const pros = errors.optionalTextList(option["pros"], joinPath(path, "pros"), MAX_PROS_OR_CONS, PRICING_SHORT_TEXT_MAX_LENGTH);
  const cons = errors.optionalTextList(option["cons"], joinPath(path, "cons"), MAX_PROS_OR_CONS, PRICING_SHORT_TEXT_MAX_LENGTH);
  const instalmentsPath = joinPath(path, "instalments");
  const errorsBefore = errors.errors.length;
  const instalments = errors.optionalList(option["instalments"], instalmentsPath, MAX_INSTALMENTS, (item, itemPath) =>
    readInstalment(errors, item, itemPath),
  );
  // An option still being written may have no instalments (missingParts says so); once it has
  // some, they must share out exactly the whole price.
  const share = instalments.reduce((sum, instalment) => sum + instalment.percentBasisPoints, 0);
  if (errors.errors.length === errorsBefore && instalments.length > 0 && share !== BASIS_POINTS_PER_WHOLE) {
    errors.add(
      instalmentsPath,
      "INVALID_SUM",
      `the instalments of ${path} add up to ${share / 100} % of the price; they must add up to exactly 100 % (10000 basis points)`,
    );
  }
  if (name === null || description === null) return null;
  return { name, description, pros, cons, instalments };
}

function readInstalment(errors: FieldErrorList, input: unknown, path: string): Instalment | null {
  const instalment = errors.requireRecord(input, path);
  if (!instalment) return null;
  const trigger = errors.requireOneOf(INSTALMENT_TRIGGERS, instalment["trigger"], joinPath(path, "trigger"));
  const percentBasisPoints = errors.integerInRange(instalment["percentBasisPoints"], joinPath(path, "percentBasisPoints"), 1, BASIS_POINTS_PER_WHOLE);
  const dueDaysInput = instalment["dueDays"];
  const dueDays =
    dueDaysInput === undefined || dueDaysInput === null ? null : errors.integerInRange(dueDaysInput, joinPath(path, "dueDays"), 0, MAX_INSTALMENT_DUE_DAYS);
  if (trigger === null || percentBasisPoints === null) return null;
  if (dueDays === null && dueDaysInput !== undefined && dueDaysInput !== null) return null;
  return { trigger, percentBasisPoints, dueDays };
}

