import { describe, expect, it } from "vitest";
import { translator } from "../src/i18n/translate.ts";
import { BOM, csvField, toCsv } from "../src/reports/csv.ts";
import { addDays, apiPeriod, defaultPeriod, periodFromSearch, validPeriod } from "../src/reports/period.ts";
import {
  Figures,
  funnelDrillKind,
  majorUnits,
  shapeDiscipline,
  shapeForecast,
  shapeFunnel,
  shapeScorecard,
  shapeWinLoss,
  tableToRows,
} from "../src/reports/report-shaping.ts";
import type { DisciplineReport, ForecastReport, FunnelReport, ScorecardReport, WinLossReport } from "../src/reports/reports.query.ts";

const zh = new Figures("zh-CN", translator("zh-CN"));
const en = new Figures("en", translator("en"));

const ratio = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });
const STEPS = ["CAPTURED", "ASSESSED", "OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON"] as const;

function breakdown(counts: number[], extra: { tier?: "A" | "B" | "C"; channel?: "TRADE_SHOW" } = {}) {
  return {
    tier: extra.tier ?? null,
    channel: extra.channel ?? null,
    steps: STEPS.map((step, index) => ({
      step,
      count: counts[index]!,
      drill: `${extra.tier ?? extra.channel ?? "total"}-${step}`,
      conversionFromPrevious: index === 0 ? null : ratio(counts[index]!, counts[index - 1]!),
    })),
    leadToWon: ratio(counts[6]!, counts[0]!),
  };
}

const funnel = {
  view: "COHORT",
  total: breakdown([956, 779, 92, 66, 42, 23, 10]),
  byTier: [breakdown([100, 90, 30, 20, 10, 5, 2], { tier: "A" })],
  byChannel: [breakdown([40, 30, 0, 0, 0, 0, 0], { channel: "TRADE_SHOW" })],
} as FunnelReport;

describe("the funnel report (SOP-1.1, SOP-2)", () => {
  it("becomes a table of steps with counts, conversions and lead → won, and a bar series of the counts", () => {
    const shaped = shapeFunnel(funnel, zh);
    expect(tableToRows(shaped.tables[0]!)).toEqual([
      ["阶段", "数量", "较上一阶段转化率"],
      ["录入", "956", "–"],
      ["已评估", "779", "81.5% (779 / 956)"],
      ["销售机会", "92", "11.8% (92 / 779)"],
      ["销售方案", "66", "71.7% (66 / 92)"],
      ["评审", "42", "63.6% (42 / 66)"],
      ["销售谈判", "23", "54.8% (23 / 42)"],
      ["赢单", "10", "43.5% (10 / 23)"],
      ["潜在客户到赢单", "", "1.0% (10 / 956)"],
    ]);
    expect(shaped.chart).toEqual({
      categories: ["录入", "已评估", "销售机会", "销售方案", "评审", "销售谈判", "赢单"],
      series: [{ name: "数量", kind: "bar", values: [956, 779, 92, 66, 42, 23, 10] }],
    });
  });

  it("breaks down by tier and channel, every count carrying its drill; a ratio of nothing is a dash", () => {
    const [, tier, channel] = shapeFunnel(funnel, en).tables;
    expect(tableToRows(tier!)[1]).toEqual(["Tier A", "100", "90", "30", "20", "10", "5", "2", "2.0% (2 / 100)"]);
    expect(tier!.rows[0]!.cells[2]!.drill).toEqual({ token: "A-OPPORTUNITY", kind: "leads" });
    expect(tableToRows(channel!)[1]).toEqual(["Trade show", "40", "30", "0", "0", "0", "0", "0", "0.0% (0 / 40)"]);
    expect(en.ratio(ratio(0, 0)).text).toBe("– (0 / 0)");
  });

  it("drills into leads for the cohort view, and into opportunities for the activity view's stages", () => {
    expect(funnelDrillKind("COHORT", "WON")).toBe("leads");
    expect(funnelDrillKind("ACTIVITY", "ASSESSED")).toBe("leads");
    expect(funnelDrillKind("ACTIVITY", "PROPOSAL")).toBe("opportunities");
    const activity = shapeFunnel({ ...funnel, view: "ACTIVITY" }, en).tables[0]!;
    expect(activity.rows.map((row) => row.cells[0]!.drill?.kind)).toEqual(["leads", "leads", "opportunities", "opportunities", "opportunities", "opportunities", "opportunities", undefined]);
  });
});

describe("money in reports", () => {
  it("formats each currency exactly from minor units and never adds across currencies", () => {
    const cell = zh.money([
      { amount: "2570700000", currency: "CNY" },
      { amount: "12345678901234567", currency: "USD" },
    ]);
    expect(cell.text).toBe("¥25,707,000.00 / US$123,456,789,012,345.67");
    expect(zh.money([]).text).toBe("–");
  });

  it("gives a chart whole major units by integer division, past 2^53 minor units too", () => {
    expect(majorUnits({ amount: "2570700099", currency: "CNY" })).toBe(25707000);
    expect(majorUnits({ amount: "1234", currency: "JPY" })).toBe(1234);
    expect(majorUnits({ amount: "900719925474099199", currency: "CNY" })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("forecasts total against weighted per close month, one pair of series per currency", () => {
    const forecast = {
      byMonth: [
        { month: "2026-12", count: 3, drill: "m1", total: [{ amount: "100000", currency: "CNY" }], weighted: [{ amount: "25000", currency: "CNY" }] },
        {
          month: "2027-01",
          count: 2,
          drill: "m2",
          total: [
            { amount: "50000", currency: "CNY" },
            { amount: "9900", currency: "USD" },
          ],
          weighted: [
            { amount: "5000", currency: "CNY" },
            { amount: "990", currency: "USD" },
          ],
        },
      ],
      closeDatePassed: { count: 1, drill: "passed", total: [{ amount: "700", currency: "CNY" }] },
    } as ForecastReport;
    const shaped = shapeForecast(forecast, en);
    expect(tableToRows(shaped.tables[0]!)).toEqual([
      ["Expected close month", "Count", "Total", "Weighted forecast"],
      ["Dec 2026", "3", "CN¥1,000.00", "CN¥250.00"],
      ["Jan 2027", "2", "CN¥500.00 / $99.00", "CN¥50.00 / $9.90"],
      ["Expected close date passed", "1", "CN¥7.00", "–"],
    ]);
    expect(shaped.tables[0]!.rows[2]!.cells[0]!.drill).toEqual({ token: "passed", kind: "opportunities" });
    expect(shaped.chart).toEqual({
      categories: ["Dec 2026", "Jan 2027"],
      series: [
        { name: "Total (CNY)", kind: "bar", values: [1000, 500] },
        { name: "Weighted (CNY)", kind: "bar", values: [250, 50] },
        { name: "Total (USD)", kind: "bar", values: [0, 99] },
        { name: "Weighted (USD)", kind: "bar", values: [0, 9] },
      ],
    });
  });
});

describe("win / loss, discipline and the scorecard", () => {
  it("win / loss: won, lost, win rate by count and value, discounts, below floor; loss reasons ranked with drills", () => {
    const report = {
      won: { count: 4, drill: "won", amount: [{ amount: "389780000", currency: "CNY" }] },
      lost: { count: 8, drill: "lost", amount: [] },
      winRate: ratio(4, 12),
      winRateByValue: [{ currency: "CNY", value: 0.5, numerator: { amount: "1", currency: "CNY" }, denominator: { amount: "2", currency: "CNY" } }],
      lossReasons: [{ reason: "PRICE", count: 5, drill: "price", share: { value: 0.625 }, amount: [{ amount: "100", currency: "CNY" }] }],
      averageDiscount: [{ deals: 4, drill: "discount", discount: { currency: "CNY", value: 0.08 } }],
      belowFloor: { count: 1, drill: "floor" },
    } as WinLossReport;
    const shaped = shapeWinLoss(report, zh);
    expect(tableToRows(shaped.tables[0]!)).toEqual([
      ["指标", "数量", "金额"],
      ["赢单", "4", "¥3,897,800.00"],
      ["丢单", "8", "–"],
      ["赢单率（按数量 / 按金额）", "33.3% (4 / 12)", "CNY 50.0%"],
      ["平均折扣（CNY），按合同数", "4", "8.0%"],
      ["低于价格底线的合同", "1", ""],
    ]);
    expect(tableToRows(shaped.tables[1]!)).toEqual([
      ["丢单原因", "数量", "占比", "金额"],
      ["价格", "5", "62.5%", "¥1.00"],
    ]);
    expect(shaped.tables[1]!.rows[0]!.cells[0]!.drill).toEqual({ token: "price", kind: "opportunities" });
    expect(shaped.chart.series[0]!.values).toEqual([4, 8, 5]);
  });

  it("follow-up discipline (SOP-3): per tier with a total first, per rep, stacked by outcome; every drill gives leads", () => {
    const row = (tier: "A" | null, n: number) => ({
      tier,
      doneOnTime: { count: n, drill: `ok${n}` },
      doneLate: { count: 1, drill: "late" },
      missed: { count: 2, drill: "missed" },
      stillOpen: { count: 3, drill: "open" },
      overdueNow: { count: 4, drill: "overdue" },
      unattended: { count: 5, drill: "never" },
      firstContactSla: { ...ratio(3, 4), numeratorDrill: "slaNum", denominatorDrill: "slaDen" },
    });
    const report = { total: row(null, 10), byTier: [row("A", 6)], reps: { nodes: [{ rep: { id: "r1", displayName: "王销售" }, total: row(null, 7) }] } } as DisciplineReport;
    const shaped = shapeDiscipline(report, zh);
    expect(tableToRows(shaped.tables[0]!).slice(1)).toEqual([
      ["合计", "10", "1", "2", "3", "4", "5", "75.0% (3 / 4)"],
      ["A类客户", "6", "1", "2", "3", "4", "5", "75.0% (3 / 4)"],
    ]);
    expect(tableToRows(shaped.tables[1]!)[1]![0]).toBe("王销售");
    expect(shaped.tables.flatMap((table) => table.rows.flatMap((r) => r.cells.map((cell) => cell.drill?.kind)))).not.toContain("opportunities");
    expect(shaped.tables[0]!.rows[0]!.cells[6]!.drill).toEqual({ token: "slaNum", kind: "leads" });
    expect(shaped.chart.series.map((series) => [series.stack, series.values])).toEqual([
      ["followUps", [7]],
      ["followUps", [1]],
      ["followUps", [2]],
      ["followUps", [3]],
    ]);
  });

  it("the scorecard: leads owned by tier (zero when the API lists none), rates, money per currency", () => {
    const report = {
      reps: {
        nodes: [
          {
            rep: { id: "r3", displayName: "张销售" },
            leadsOwned: [
              { tier: "A", count: 26, drill: "a" },
              { tier: "C", count: 69, drill: "c" },
            ],
            firstContactRate: { ...ratio(205, 274), numeratorDrill: "fc" },
            overdueNow: { count: 74, drill: "od" },
            openPipeline: { drill: "open", amounts: [{ amount: "2570700000", currency: "CNY" }] },
            weightedForecast: { drill: "w", amounts: [{ amount: "619965000", currency: "CNY" }] },
            wonValue: { drill: "won", amounts: [] },
            winRate: { ...ratio(2, 4), numeratorDrill: "wr" },
          },
        ],
      },
    } as ScorecardReport;
    const shaped = shapeScorecard(report, zh);
    expect(tableToRows(shaped.tables[0]!)[1]).toEqual(["张销售", "26", "0", "69", "74.8% (205 / 274)", "74", "¥25,707,000.00", "¥6,199,650.00", "–", "50.0% (2 / 4)"]);
    expect(shaped.tables[0]!.rows[0]!.cells[1]!.drill).toBeUndefined();
    expect(shaped.tables[0]!.rows[0]!.cells[5]!.drill).toEqual({ token: "open", kind: "opportunities" });
    expect(shaped.tables[0]!.rows[0]!.cells[4]!.drill).toEqual({ token: "od", kind: "leads" });
    expect(shaped.chart.series.map((series) => series.values)).toEqual([[25707000], [6199650], [0]]);
  });
});

describe("CSV for Excel", () => {
  it("starts with a UTF-8 byte-order mark and ends rows with CRLF", () => {
    const csv = toCsv([
      ["销售人员", "数量"],
      ["王销售", "1"],
    ]);
    expect(csv).toBe(`${BOM}销售人员,数量\r\n王销售,1\r\n`);
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("quotes commas, quotes, line breaks and edge spaces, doubling quotes", () => {
    expect(csvField("¥25,707,000.00")).toBe('"¥25,707,000.00"');
    expect(csvField('说"好"')).toBe('"说""好"""');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField(" x")).toBe('" x"');
    expect(csvField("74.8% (205 / 274)")).toBe("74.8% (205 / 274)");
    expect(csvField("")).toBe("");
  });

  it("keeps Excel from running a cell as a formula, but leaves negative amounts alone", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("-¥0.05")).toBe("-¥0.05");
  });
});

describe("the report period", () => {
  it("defaults to the last four weeks, today included, in the team's time zone", () => {
    // 2026-12-01 01:00 in Shanghai is still 30 November in UTC.
    const now = new Date("2026-11-30T17:00:00Z");
    expect(defaultPeriod("Asia/Shanghai", now)).toEqual({ from: "2026-11-04", to: "2026-12-01" });
    expect(defaultPeriod("UTC", now)).toEqual({ from: "2026-11-03", to: "2026-11-30" });
  });

  it("sends the API the day after the last as `to`, across month and year ends", () => {
    expect(apiPeriod({ from: "2026-12-01", to: "2026-12-31" })).toEqual({ from: "2026-12-01", to: "2027-01-01" });
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("accepts only real dates in order, at most 731 days, from the query string too", () => {
    expect(validPeriod({ from: "2026-11-01", to: "2026-11-01" })).toBe(true);
    expect(validPeriod({ from: "2026-11-02", to: "2026-11-01" })).toBe(false);
    expect(validPeriod({ from: "2026-02-30", to: "2026-03-01" })).toBe(false);
    // 731 days, the API's longest: to (exclusive) 2027-01-02 is 731 days after 2025-01-01.
    expect(validPeriod({ from: "2025-01-01", to: "2027-01-01" })).toBe(true);
    expect(validPeriod({ from: "2025-01-01", to: "2027-01-02" })).toBe(false);
    expect(periodFromSearch("?from=2026-11-01&to=2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(periodFromSearch("?from=2026-11-01")).toBeNull();
  });
});
