import { formatMoney, type Money } from "../format/money.ts";
import type { Locale } from "../i18n/locales.ts";

/** Basis points per whole: 10000 = 100 %. */
const WHOLE = 10_000n;

/**
 * A basis-point share or rate as a percentage for people (1300 → 13%, 1250 → 12.5%), through
 * Intl.NumberFormat from a decimal string: no floating point on the way.
 */
export function formatBasisPoints(basisPoints: number, locale: Locale): string {
  if (!Number.isInteger(basisPoints)) throw new Error(`Basis points must be an integer, got ${basisPoints}`);
  const negative = basisPoints < 0;
  const digits = String(Math.abs(basisPoints)).padStart(5, "0");
  const decimal = `${negative ? "-" : ""}${digits.slice(0, -4)}.${digits.slice(-4)}`;
  const format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  // Intl formats a decimal string exactly (ES2023); the types still only admit numbers.
  return format.format(decimal as unknown as number);
}

/**
 * SOP-5.2 part 5: what each instalment of a payment option comes to, in minor units, from the
 * proposal's total with VAT. The API states the shares, not the amounts, so the portal divides:
 * each share rounded half-up, and when the shares make the whole price (they do on a submitted
 * version) the last instalment takes what is left, so the amounts add up to the total exactly.
 */
export function instalmentAmounts(total: Money, shares: readonly { percentBasisPoints: number }[]): Money[] {
  const whole = BigInt(total.amount);
  const sign = whole < 0n ? -1n : 1n;
  const magnitude = whole * sign;
  const amounts = shares.map(({ percentBasisPoints }) => (magnitude * BigInt(percentBasisPoints) * 2n + WHOLE) / (WHOLE * 2n));
  const complete = shares.reduce((sum, share) => sum + share.percentBasisPoints, 0) === Number(WHOLE);
  if (complete && amounts.length > 0) {
    const others = amounts.slice(0, -1).reduce((sum, amount) => sum + amount, 0n);
    amounts[amounts.length - 1] = magnitude - others;
  }
  return amounts.map((amount) => ({ amount: String(amount * sign), currency: total.currency }));
}

interface PricedLineIn {
  product: string;
  quantity: number;
  unitPrice: Money;
  discountBasisPoints: number;
  vatRateBasisPoints: number;
  pricesIncludeVat: boolean;
  gross: Money;
  discount: Money;
  net: Money;
  vat: Money;
  totalWithVat: Money;
}

interface TotalsIn {
  gross: Money;
  discount: Money;
  totalWithoutVat: Money;
  vat: Money;
  totalWithVat: Money;
}

interface PaymentOptionIn {
  name: string;
  description: string;
  pros: readonly string[];
  cons: readonly string[];
  instalments: readonly { trigger: string; percentBasisPoints: number; dueDays: number | null }[];
}

export interface PricingIn {
  currency: string;
  lines: readonly PricedLineIn[];
  totals: TotalsIn | null;
  paymentOptions: readonly PaymentOptionIn[];
}

export interface PricingDisplay {
  currency: string;
  lines: {
    product: string;
    quantity: string;
    unitPrice: string;
    discountRate: string;
    vatRate: string;
    pricesIncludeVat: boolean;
    gross: string;
    discount: string;
    net: string;
    vat: string;
    totalWithVat: string;
  }[];
  /** Null when the API could not state them (a total past what money may hold). */
  totals: { gross: string; discount: string; totalWithoutVat: string; vat: string; totalWithVat: string } | null;
  paymentOptions: {
    name: string;
    description: string;
    pros: readonly string[];
    cons: readonly string[];
    instalments: { trigger: string; share: string; dueDays: number | null; amount: string | null }[];
  }[];
}

/** The pricing part as the page shows it: every amount formatted from the API's minor units. */
export function pricingDisplay(pricing: PricingIn, locale: Locale): PricingDisplay {
  const money = (value: Money) => formatMoney(value, locale);
  const count = new Intl.NumberFormat(locale);
  return {
    currency: pricing.currency,
    lines: pricing.lines.map((line) => ({
      product: line.product,
      quantity: count.format(line.quantity),
      unitPrice: money(line.unitPrice),
      discountRate: formatBasisPoints(line.discountBasisPoints, locale),
      vatRate: formatBasisPoints(line.vatRateBasisPoints, locale),
      pricesIncludeVat: line.pricesIncludeVat,
      gross: money(line.gross),
      discount: money(line.discount),
      net: money(line.net),
      vat: money(line.vat),
      totalWithVat: money(line.totalWithVat),
    })),
    totals: pricing.totals && {
      gross: money(pricing.totals.gross),
      discount: money(pricing.totals.discount),
      totalWithoutVat: money(pricing.totals.totalWithoutVat),
      vat: money(pricing.totals.vat),
      totalWithVat: money(pricing.totals.totalWithVat),
    },
    paymentOptions: pricing.paymentOptions.map((option) => {
      const amounts = pricing.totals ? instalmentAmounts(pricing.totals.totalWithVat, option.instalments) : null;
      return {
        name: option.name,
        description: option.description,
        pros: option.pros,
        cons: option.cons,
        instalments: option.instalments.map((instalment, index) => ({
          trigger: instalment.trigger,
          share: formatBasisPoints(instalment.percentBasisPoints, locale),
          dueDays: instalment.dueDays,
          amount: amounts ? money(amounts[index]!) : null,
        })),
      };
    }),
  };
}

export type RiskLevel = "LOW" | "MEDIUM" | "HIGH";

/**
 * SOP-5.2 part 6 as a matrix: rows by impact (high first), columns by likelihood (low first),
 * each cell the 1-based numbers of the risks in it (the numbers of the risk list beside it).
 */
export function riskMatrix(risks: readonly { likelihood: RiskLevel; impact: RiskLevel }[]): { impact: RiskLevel; cells: { likelihood: RiskLevel; risks: number[] }[] }[] {
  const impacts: RiskLevel[] = ["HIGH", "MEDIUM", "LOW"];
  const likelihoods: RiskLevel[] = ["LOW", "MEDIUM", "HIGH"];
  return impacts.map((impact) => ({
    impact,
    cells: likelihoods.map((likelihood) => ({
      likelihood,
      risks: risks.flatMap((risk, index) => (risk.likelihood === likelihood && risk.impact === impact ? [index + 1] : [])),
    })),
  }));
}

/** How serious a matrix cell is (likelihood × impact): low, medium or high, said in words beside the colour. */
export function riskSeverity(likelihood: RiskLevel, impact: RiskLevel): RiskLevel {
  const score = { LOW: 1, MEDIUM: 2, HIGH: 3 };
  const product = score[likelihood] * score[impact];
  return product >= 6 ? "HIGH" : product >= 3 ? "MEDIUM" : "LOW";
}
