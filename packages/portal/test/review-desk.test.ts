import { describe, expect, it } from "vitest";
import { translator } from "../src/i18n/translate.ts";
import { changeLabel, changesListedApart, diffViewModel, markAt, type PartDiff } from "../src/reviews/diff-view.ts";
import { formatBasisPoints, instalmentAmounts, pricingDisplay, riskMatrix } from "../src/reviews/pricing-view.ts";
import { fieldProblems, formatWaited } from "../src/reviews/waited.ts";

const zh = translator("zh-CN");
const en = translator("en");

/** The README's revision round: version 2 moves 5 % from acceptance to retention, adds a risk, drops a strength. */
const DIFF: PartDiff[] = [
  { part: "NEEDS_ANALYSIS", changed: false, changes: [] },
  { part: "SOLUTION", changed: true, changes: [{ path: "solution.summary", before: "设备监控", after: "设备监控与预测性维护平台" }] },
  { part: "PRODUCT_INTRODUCTION", changed: true, changes: [{ path: "productIntroduction.strengths[1]", before: "本地服务", after: null }] },
  { part: "IMPLEMENTATION_PLAN", changed: false, changes: [] },
  {
    part: "PRICING",
    changed: true,
    changes: [
      { path: "pricing.lines[0].unitPrice.amount", before: "5000000", after: "4800000" },
      { path: "pricing.lines[0].discountBasisPoints", before: 500, after: 750 },
      { path: "pricing.paymentOptions[0].instalments[2].percentBasisPoints", before: 2500, after: 2000 },
      { path: "pricing.paymentOptions[0].instalments[3].dueDays", before: 365, after: null },
      { path: "pricing.lines[1]", before: null, after: { product: "云平台", quantity: 1, unitPrice: { amount: "12000000", currency: "CNY" } } },
    ],
  },
  { part: "RISKS", changed: true, changes: [{ path: "risks.risks[1].likelihood", before: "LOW", after: "HIGH" }] },
];

describe("the diff view model", () => {
  const model = diffViewModel(DIFF, { locale: "zh-CN", t: zh, currency: "CNY" });

  it("formats each change's values by what the field holds: money from minor units, basis points, levels, days", () => {
    expect(markAt(model.get("PRICING"), "pricing.lines[0].unitPrice.amount")).toEqual({
      path: "pricing.lines[0].unitPrice.amount",
      kind: "changed",
      label: "价格行 1 · 单价",
      before: "¥50,000.00",
      after: "¥48,000.00",
    });
    expect(markAt(model.get("PRICING"), "pricing.lines[0].discountBasisPoints")).toMatchObject({ before: "5%", after: "7.5%", label: "价格行 1 · 折扣" });
    expect(markAt(model.get("PRICING"), "pricing.paymentOptions[0].instalments[2].percentBasisPoints")).toMatchObject({
      label: "付款方式 1 · 分期 3 · 比例",
      before: "25%",
      after: "20%",
    });
    expect(markAt(model.get("PRICING"), "pricing.paymentOptions[0].instalments[3].dueDays")).toMatchObject({ kind: "removed", before: "节点后 365 天", after: "（无）" });
    expect(markAt(model.get("RISKS"), "risks.risks[1].likelihood")).toMatchObject({ label: "风险 2 · 可能性", before: "低", after: "高" });
    expect(markAt(model.get("SOLUTION"), "solution.summary")).toMatchObject({ kind: "changed", before: "设备监控", after: "设备监控与预测性维护平台" });
  });

  it("says what kind of change it is: a new entry, a removed one, a changed field", () => {
    const added = markAt(model.get("PRICING"), "pricing.lines[1]")!;
    expect(added.kind).toBe("added");
    expect(added.before).toBe("（无）");
    expect(added.after).toBe("产品：云平台；数量：1；单价：¥120,000.00");
    expect(markAt(model.get("PRODUCT_INTRODUCTION"), "productIntroduction.strengths[1]")).toMatchObject({ kind: "removed", before: "本地服务", label: "优势 2" });
    expect(model.get("NEEDS_ANALYSIS")!.marks).toEqual([]);
    expect(markAt(model.get("PRICING"), "pricing.lines[0].quantity")).toBeUndefined();
  });

  it("lists apart only what the document cannot mark in place: removed entries and fields it does not show", () => {
    expect(changesListedApart(model.get("PRODUCT_INTRODUCTION")).map((mark) => mark.path)).toEqual(["productIntroduction.strengths[1]"]);
    // A cleared due date is still a field in place; a new line is a row of its own.
    expect(changesListedApart(model.get("PRICING"))).toEqual([]);
    const odd = diffViewModel([{ part: "PRICING", changed: true, changes: [{ path: "pricing.lines[0].unitPrice.currency", before: "CNY", after: "USD" }, { path: "pricing", before: null, after: {} }] }], {
      locale: "en",
      t: en,
      currency: "USD",
    });
    expect(changesListedApart(odd.get("PRICING")).map((mark) => [mark.label, mark.kind])).toEqual([
      ["Price line 1 · Unit price · Currency", "changed"],
      ["Price and payment", "added"],
    ]);
  });

  it("names places in English too", () => {
    expect(changeLabel("implementationPlan.milestones[0].date", "IMPLEMENTATION_PLAN", en)).toBe("Milestone 1 · Date");
    expect(changeLabel("pricing.paymentOptions[1].cons[0]", "PRICING", en)).toBe("Payment option 2 · Con 1");
  });
});

describe("pricing from minor units", () => {
  it("formats basis points as percentages without floating point", () => {
    expect(formatBasisPoints(1300, "zh-CN")).toBe("13%");
    expect(formatBasisPoints(1250, "en")).toBe("12.5%");
    expect(formatBasisPoints(5, "en")).toBe("0.05%");
    expect(formatBasisPoints(10000, "en")).toBe("100%");
  });

  it("splits the total with VAT into instalments that add up to it exactly, past a double's precision", () => {
    const total = { amount: "100000001", currency: "CNY" };
    const amounts = instalmentAmounts(total, [{ percentBasisPoints: 3333 }, { percentBasisPoints: 3333 }, { percentBasisPoints: 3334 }]);
    expect(amounts.map((money) => money.amount)).toEqual(["33330000", "33330000", "33340001"]);
    const huge = { amount: "999999999999999", currency: "CNY" };
    const split = instalmentAmounts(huge, [{ percentBasisPoints: 3000 }, { percentBasisPoints: 7000 }]);
    expect(split.map((money) => money.amount)).toEqual(["300000000000000", "699999999999999"]);
    expect(split.reduce((sum, money) => sum + BigInt(money.amount), 0n)).toBe(999999999999999n);
    // Shares that are not yet the whole price: each rounded half-up, no remainder to give.
    expect(instalmentAmounts({ amount: "5", currency: "CNY" }, [{ percentBasisPoints: 5000 }]).map((money) => money.amount)).toEqual(["3"]);
  });

  it("shows lines, totals incl. VAT and each option's instalments from the API's integer amounts", () => {
    const money = (amount: string) => ({ amount, currency: "CNY" });
    const shown = pricingDisplay(
      {
        currency: "CNY",
        lines: [
          {
            product: "边缘网关",
            quantity: 20,
            unitPrice: money("5000000"),
            discountBasisPoints: 500,
            vatRateBasisPoints: 1300,
            pricesIncludeVat: false,
            gross: money("100000000"),
            discount: money("5000000"),
            net: money("95000000"),
            vat: money("12350000"),
            totalWithVat: money("107350000"),
          },
        ],
        totals: { gross: money("100000000"), discount: money("5000000"), totalWithoutVat: money("95000000"), vat: money("12350000"), totalWithVat: money("107350000") },
        paymentOptions: [
          {
            name: "分期",
            description: "预付、到货、验收、质保金",
            pros: ["客户现金流压力小"],
            cons: ["回款周期长"],
            instalments: [
              { trigger: "ADVANCE", percentBasisPoints: 3000, dueDays: null },
              { trigger: "DELIVERY", percentBasisPoints: 4000, dueDays: 30 },
              { trigger: "ACCEPTANCE", percentBasisPoints: 2000, dueDays: 30 },
              { trigger: "RETENTION", percentBasisPoints: 1000, dueDays: 365 },
            ],
          },
        ],
      },
      "zh-CN",
    );
    expect(shown.lines[0]).toMatchObject({ quantity: "20", unitPrice: "¥50,000.00", discountRate: "5%", vatRate: "13%", net: "¥950,000.00", totalWithVat: "¥1,073,500.00" });
    expect(shown.totals).toEqual({ gross: "¥1,000,000.00", discount: "¥50,000.00", totalWithoutVat: "¥950,000.00", vat: "¥123,500.00", totalWithVat: "¥1,073,500.00" });
    expect(shown.paymentOptions[0]!.instalments.map((instalment) => [instalment.share, instalment.amount])).toEqual([
      ["30%", "¥322,050.00"],
      ["40%", "¥429,400.00"],
      ["20%", "¥214,700.00"],
      ["10%", "¥107,350.00"],
    ]);
  });

  it("places risks in the matrix by impact (high first) and likelihood (low first)", () => {
    const matrix = riskMatrix([
      { likelihood: "MEDIUM", impact: "HIGH" },
      { likelihood: "LOW", impact: "LOW" },
      { likelihood: "MEDIUM", impact: "HIGH" },
    ]);
    expect(matrix[0]).toEqual({ impact: "HIGH", cells: [{ likelihood: "LOW", risks: [] }, { likelihood: "MEDIUM", risks: [1, 3] }, { likelihood: "HIGH", risks: [] }] });
    expect(matrix[2]!.cells[0]).toEqual({ likelihood: "LOW", risks: [2] });
  });
});

describe("waiting times and the API's field problems", () => {
  it("says how long something waited", () => {
    expect(formatWaited(3 * 86_400_000 + 4 * 3_600_000 + 59_000, zh)).toBe("3 天 4 小时");
    expect(formatWaited(2 * 3_600_000, en)).toBe("2 h");
    expect(formatWaited(59 * 60_000, en)).toBe("under an hour");
  });

  it("reads the fields of a BAD_USER_INPUT answer", () => {
    expect(
      fieldProblems([
        { extensions: { code: "BAD_USER_INPUT", field: "note", fields: [{ field: "note", message: "say why, so the rep knows what to change" }] } },
        { extensions: { code: "CONFLICT", fields: [{ field: "proposalVersionId", message: "decided" }] } },
      ]),
    ).toEqual({ note: "say why, so the rep knows what to change" });
  });
});
