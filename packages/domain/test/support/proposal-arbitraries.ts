// fast-check generators of valid proposal content, in the form validateProposalDraft returns
// (texts trimmed, milestone dates in order, instalments adding up to 100 %).
import fc from "fast-check";
import {
  CURRENCY_CODES,
  INSTALMENT_TRIGGERS,
  RISK_LEVELS,
  type CurrencyCode,
  type Instalment,
  type Milestone,
  type PaymentOption,
  type PriceLineInput,
  type Pricing,
  type ProposalContent,
} from "../../src/index.ts";

export const trimmedText = (maxLength = 30) => fc.string({ maxLength }).map((text) => text.trim());

export const priceLineArbitrary = (currency: CurrencyCode): fc.Arbitrary<PriceLineInput> =>
  fc.record({
    product: trimmedText(),
    quantity: fc.integer({ min: 1, max: 1_000_000 }),
    unitPrice: fc.bigInt({ min: 0n, max: 10n ** 7n }).map((amountMinor) => ({ amountMinor, currency })),
    discountBasisPoints: fc.integer({ min: 0, max: 10_000 }),
    vatRateBasisPoints: fc.oneof(fc.constantFrom(0, 600, 900, 1300), fc.integer({ min: 0, max: 10_000 })),
    pricesIncludeVat: fc.boolean(),
  });

/** Shares of 10000 basis points: split points on 1..9999, so every share is at least 1 bp. */
const instalmentsArbitrary: fc.Arbitrary<Instalment[]> = fc.oneof(
  fc.constant<Instalment[]>([]),
  fc
    .uniqueArray(fc.integer({ min: 1, max: 9_999 }), { maxLength: 4 })
    .chain((cuts) => {
      const bounds = [0, ...[...cuts].sort((a, b) => a - b), 10_000];
      const shares = bounds.slice(1).map((bound, index) => bound - (bounds[index] as number));
      return fc.tuple(
        ...shares.map((percentBasisPoints) =>
          fc.record({
            trigger: fc.constantFrom(...INSTALMENT_TRIGGERS),
            percentBasisPoints: fc.constant(percentBasisPoints),
            dueDays: fc.option(fc.integer({ min: 0, max: 3_660 })),
          }),
        ),
      );
    }),
);

const paymentOptionArbitrary: fc.Arbitrary<PaymentOption> = fc.record({
  name: trimmedText(),
  description: trimmedText(60),
  pros: fc.array(trimmedText(), { maxLength: 3 }),
  cons: fc.array(trimmedText(), { maxLength: 3 }),
  instalments: instalmentsArbitrary,
});

export const pricingArbitrary: fc.Arbitrary<Pricing> = fc.constantFrom(...CURRENCY_CODES).chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    lines: fc.array(priceLineArbitrary(currency), { maxLength: 5 }),
    paymentOptions: fc.array(paymentOptionArbitrary, { maxLength: 3 }),
  }),
);

/** Milestones whose dated entries never go back in time (some are undated, as in a draft). */
const milestonesArbitrary: fc.Arbitrary<Milestone[]> = fc
  .array(fc.record({ name: trimmedText(), step: fc.option(fc.integer({ min: 0, max: 60 })), deliverable: trimmedText(), owner: trimmedText() }), {
    maxLength: 5,
  })
  .map((entries) => {
    let day = Date.UTC(2026, 0, 1);
    return entries.map(({ step, ...rest }) => {
      if (step === null) return { ...rest, date: null };
      day += step * 86_400_000;
      return { ...rest, date: new Date(day).toISOString().slice(0, 10) };
    });
  });

export const proposalContentArbitrary: fc.Arbitrary<ProposalContent> = fc.record({
  needsAnalysis: fc.option(fc.record({ summary: trimmedText(), painPoints: fc.array(fc.record({ pain: trimmedText(), cause: trimmedText() }), { maxLength: 3 }) })),
  solution: fc.option(fc.record({ summary: trimmedText(), configuration: trimmedText() })),
  productIntroduction: fc.option(
    fc.record({ summary: trimmedText(), strengths: fc.array(trimmedText(), { maxLength: 3 }), caseStudies: fc.array(trimmedText(), { maxLength: 3 }) }),
  ),
  implementationPlan: fc.option(fc.record({ milestones: milestonesArbitrary })),
  pricing: fc.option(pricingArbitrary),
  risks: fc.option(
    fc.record({
      risks: fc.array(
        fc.record({ risk: trimmedText(), likelihood: fc.constantFrom(...RISK_LEVELS), impact: fc.constantFrom(...RISK_LEVELS), countermeasure: trimmedText() }),
        { maxLength: 3 },
      ),
    }),
  ),
});
