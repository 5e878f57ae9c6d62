import { formatMoney, type Money } from "../format/money.ts";
import type { Locale } from "../i18n/locales.ts";
import type { Translate } from "../i18n/translate.ts";
import type {
  ChangesReport,
  DisciplineReport,
  ForecastReport,
  FunnelReport,
  RisksReport,
  ScorecardReport,
  VelocityReport,
  WinLossReport,
} from "./reports.query.ts";

/*
 * Each report answer shaped twice from the same figures: a table (what the page shows in a
 * <table>, and what its CSV holds, cell for cell) and a chart (categories and number series for
 * ECharts). Pure functions, tested in test/report-shaping.test.ts.
 */

/** Which list the API gives the rows behind a figure from. */
export type DrillKind = "leads" | "opportunities";

export interface Drill {
  token: string;
  kind: DrillKind;
}

export interface Cell {
  text: string;
  /** The figure's rows: reportLeads or reportOpportunities with this token. */
  drill?: Drill;
}

export interface TableRow {
  key: string;
  /** The row's header cell (<th scope="row">). */
  header: string;
  cells: Cell[];
}

export interface ReportTable {
  id: string;
  caption: string;
  /** Column headers, the row-header column first. */
  columns: string[];
  rows: TableRow[];
}

export interface ChartSeries {
  name: string;
  kind: "bar" | "line";
  /** null: no figure (a median of nothing). */
  values: (number | null)[];
  stack?: string;
}

export interface ChartData {
  categories: string[];
  series: ChartSeries[];
}

export interface ShapedReport {
  chart: ChartData;
  tables: ReportTable[];
}

interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** Shared formatting for one language. */
export class Figures {
  private readonly integers: Intl.NumberFormat;
  private readonly percents: Intl.NumberFormat;
  private readonly days: Intl.NumberFormat;
  private readonly months: Intl.DateTimeFormat;

  constructor(
    readonly locale: Locale,
    readonly t: Translate,
  ) {
    this.integers = new Intl.NumberFormat(locale);
    this.percents = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.days = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    this.months = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", timeZone: "UTC" });
  }

  count(count: number, drill?: Drill): Cell {
    return { text: this.integers.format(count), drill };
  }

  /** A share with its numerator and denominator: "74.8% (205 / 274)", or "–" when there is none. */
  ratio(ratio: Ratio, drill?: Drill): Cell {
    const parts = `${this.integers.format(ratio.numerator)} / ${this.integers.format(ratio.denominator)}`;
    return { text: ratio.value === null ? `– (${parts})` : `${this.percents.format(ratio.value)} (${parts})`, drill };
  }

  percent(value: number | null | undefined): string {
    return value === null || value === undefined ? "–" : this.percents.format(value);
  }

  daysText(days: number | null | undefined): string {
    return days === null || days === undefined ? "–" : this.days.format(days);
  }

  /** Amounts per currency, each exact from its minor units, never added across currencies. */
  money(amounts: readonly Money[], drill?: Drill): Cell {
    return { text: amounts.length === 0 ? "–" : amounts.map((money) => formatMoney(money, this.locale)).join(" / "), drill };
  }

  /** "2026-12" as 2026年12月 / Dec 2026. */
  month(month: string): string {
    const [year, monthNumber] = month.split("-").map(Number);
    return this.months.format(new Date(Date.UTC(year!, monthNumber! - 1, 1)));
  }
}

const minorDigits = new Map<string, number>();

/**
 * Money in whole major units for a bar's length, by integer division of the minor units (the
 * chart's scale needs a number; the exact amount is in the table and the tooltip's table row).
 */
export function majorUnits(money: Money): number {
  let digits = minorDigits.get(money.currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(money.currency, digits);
  }
  return Number(BigInt(money.amount) / 10n ** BigInt(digits));
}

/** Every currency present in these lists of amounts, in code order. */
export function currenciesOf(...lists: (readonly Money[])[]): string[] {
  return [...new Set(lists.flat().map((money) => money.currency))].sort();
}

function amountIn(amounts: readonly Money[], currency: string): number {
  const money = amounts.find((candidate) => candidate.currency === currency);
  return money ? majorUnits(money) : 0;
}

const leads = (token: string): Drill => ({ token, kind: "leads" });
const opportunities = (token: string): Drill => ({ token, kind: "opportunities" });

// ---------------------------------------------------------------- 1. funnel (SOP-1.1, SOP-2)

/**
 * Cohort view: every step's drill gives leads. Activity view: CAPTURED and ASSESSED give leads,
 * the stages give opportunities (the API's FunnelStepCount.drill).
 */
export function funnelDrillKind(view: FunnelReport["view"], step: string): DrillKind {
  return view === "COHORT" || step === "CAPTURED" || step === "ASSESSED" ? "leads" : "opportunities";
}

export function shapeFunnel(report: FunnelReport, f: Figures): ShapedReport {
  const { t } = f;
  const steps = report.total.steps.map((step) => step.step);
  const drill = (step: FunnelReport["total"]["steps"][number]): Drill => ({ token: step.drill, kind: funnelDrillKind(report.view, step.step) });
  const total: ReportTable = {
    id: "funnel-total",
    caption: t("reports.funnel.totalCaption"),
    columns: [t("reports.col.step"), t("reports.col.count"), t("reports.col.conversion")],
    rows: [
      ...report.total.steps.map((step) => ({
        key: step.step,
        header: t(`reports.step.${step.step}`),
        cells: [f.count(step.count, drill(step)), step.conversionFromPrevious ? f.ratio(step.conversionFromPrevious) : { text: "–" }],
      })),
      { key: "leadToWon", header: t("reports.funnel.leadToWon"), cells: [{ text: "" }, f.ratio(report.total.leadToWon)] },
    ],
  };
  const breakdown = (id: string, caption: string, first: string, rows: FunnelReport["byTier"], header: (row: FunnelReport["byTier"][number]) => string): ReportTable => ({
    id,
    caption,
    columns: [first, ...steps.map((step) => t(`reports.step.${step}`)), t("reports.funnel.leadToWon")],
    rows: rows.map((row) => ({
      key: row.tier ?? row.channel ?? "",
      header: header(row),
      cells: [...row.steps.map((step) => f.count(step.count, drill(step))), f.ratio(row.leadToWon)],
    })),
  });
  return {
    chart: {
      categories: steps.map((step) => t(`reports.step.${step}`)),
      series: [{ name: t("reports.col.count"), kind: "bar", values: report.total.steps.map((step) => step.count) }],
    },
    tables: [
      total,
      breakdown("funnel-tier", t("reports.funnel.tierCaption"), t("reports.col.tier"), report.byTier, (row) => (row.tier ? t(`tier.${row.tier}`) : "–")),
      breakdown("funnel-channel", t("reports.funnel.channelCaption"), t("reports.col.channel"), report.byChannel, (row) =>
        row.channel ? t(`reports.leadChannel.${row.channel}`) : "–",
      ),
    ],
  };
}

// ---------------------------------------------------------------- 2. win / loss (SOP-6.3)

export function shapeWinLoss(report: WinLossReport, f: Figures): ShapedReport {
  const { t } = f;
  const outcomes: ReportTable = {
    id: "win-loss",
    caption: t("reports.winLoss.caption"),
    columns: [t("reports.col.figure"), t("reports.col.count"), t("reports.col.amount")],
    rows: [
      { key: "won", header: t("reports.winLoss.won"), cells: [f.count(report.won.count, opportunities(report.won.drill)), f.money(report.won.amount)] },
      { key: "lost", header: t("reports.winLoss.lost"), cells: [f.count(report.lost.count, opportunities(report.lost.drill)), f.money(report.lost.amount)] },
      {
        key: "winRate",
        header: t("reports.winLoss.winRate"),
        cells: [
          f.ratio(report.winRate),
          {
            text:
              report.winRateByValue.length === 0
                ? "–"
                : report.winRateByValue.map((ratio) => `${ratio.currency} ${f.percent(ratio.value)}`).join(" / "),
          },
        ],
      },
      ...report.averageDiscount.map((discount) => ({
        key: `discount-${discount.discount.currency}`,
        header: t("reports.winLoss.averageDiscount", { currency: discount.discount.currency }),
        cells: [f.count(discount.deals, opportunities(discount.drill)), { text: f.percent(discount.discount.value) }],
      })),
      { key: "belowFloor", header: t("reports.winLoss.belowFloor"), cells: [f.count(report.belowFloor.count, opportunities(report.belowFloor.drill)), { text: "" }] },
    ],
  };
  const reasons: ReportTable = {
    id: "loss-reasons",
    caption: t("reports.winLoss.reasonsCaption"),
    columns: [t("reports.col.lossReason"), t("reports.col.count"), t("reports.col.share"), t("reports.col.amount")],
    rows: report.lossReasons.map((reason) => ({
      key: reason.reason,
      header: t(`reports.lossReason.${reason.reason}`),
      cells: [f.count(reason.count, opportunities(reason.drill)), { text: f.percent(reason.share.value) }, f.money(reason.amount)],
    })),
  };
  return {
    chart: {
      categories: [t("reports.winLoss.won"), t("reports.winLoss.lost"), ...report.lossReasons.map((reason) => t(`reports.lossReason.${reason.reason}`))],
      series: [
        { name: t("reports.col.count"), kind: "bar", values: [report.won.count, report.lost.count, ...report.lossReasons.map((reason) => reason.count)] },
      ],
    },
    tables: [outcomes, reasons],
  };
}

// ---------------------------------------------------------------- 3. velocity

export function shapeVelocity(report: VelocityReport, f: Figures): ShapedReport {
  const { t } = f;
  const stages: ReportTable = {
    id: "velocity-stages",
    caption: t("reports.velocity.stagesCaption"),
    columns: [t("reports.col.stage"), t("reports.col.stays"), t("reports.col.medianDays"), t("reports.col.p90Days")],
    rows: report.total.daysInStage.map((stage) => ({
      key: stage.stage,
      header: t(`reports.stage.${stage.stage}`),
      cells: [f.count(stage.stays, opportunities(stage.drill)), { text: f.daysText(stage.medianDays) }, { text: f.daysText(stage.p90Days) }],
    })),
  };
  type Row = VelocityReport["total"];
  const repRow = (key: string, header: string, row: Row): TableRow => ({
    key,
    header,
    cells: [
      f.count(row.openOpportunities.count, opportunities(row.openOpportunities.drill)),
      f.count(row.salesCycle.deals, opportunities(row.salesCycle.drill)),
      { text: f.daysText(row.salesCycle.medianDays) },
      { text: f.daysText(row.salesCycle.p90Days) },
      f.ratio(row.velocity.winRate),
      f.money(row.velocity.byCurrency.flatMap((currency) => (currency.perDay ? [currency.perDay] : []))),
    ],
  });
  const reps: ReportTable = {
    id: "velocity-reps",
    caption: t("reports.velocity.repsCaption"),
    columns: [
      t("reports.col.rep"),
      t("reports.col.openOpportunities"),
      t("reports.col.wonDeals"),
      t("reports.col.cycleMedian"),
      t("reports.col.cycleP90"),
      t("reports.col.winRate"),
      t("reports.col.velocityPerDay"),
    ],
    rows: [
      repRow("total", t("reports.total"), report.total),
      ...report.byRep.map((row) => repRow(row.rep?.id ?? "", row.rep?.displayName ?? "–", row)),
    ],
  };
  return {
    chart: {
      categories: report.total.daysInStage.map((stage) => t(`reports.stage.${stage.stage}`)),
      series: [
        { name: t("reports.col.medianDays"), kind: "bar", values: report.total.daysInStage.map((stage) => stage.medianDays ?? null) },
        { name: t("reports.col.p90Days"), kind: "bar", values: report.total.daysInStage.map((stage) => stage.p90Days ?? null) },
      ],
    },
    tables: [stages, reps],
  };
}

// ---------------------------------------------------------------- 4. forecast (销售预测)

export function shapeForecast(report: ForecastReport, f: Figures): ShapedReport {
  const { t } = f;
  const table: ReportTable = {
    id: "forecast",
    caption: t("reports.forecast.caption"),
    columns: [t("reports.col.closeMonth"), t("reports.col.count"), t("reports.col.total"), t("reports.col.weighted")],
    rows: [
      ...report.byMonth.map((month) => ({
        key: month.month,
        header: f.month(month.month),
        cells: [f.count(month.count, opportunities(month.drill)), f.money(month.total), f.money(month.weighted)],
      })),
      {
        key: "closeDatePassed",
        header: t("reports.forecast.closeDatePassed"),
        cells: [f.count(report.closeDatePassed.count, opportunities(report.closeDatePassed.drill)), f.money(report.closeDatePassed.total), { text: "–" }],
      },
    ],
  };
  // One pair of series per currency: totals are never added across currencies.
  const currencies = currenciesOf(...report.byMonth.flatMap((month) => [month.total, month.weighted]));
  return {
    chart: {
      categories: report.byMonth.map((month) => f.month(month.month)),
      series: currencies.flatMap((currency): ChartSeries[] => [
        { name: t("reports.forecast.totalIn", { currency }), kind: "bar", values: report.byMonth.map((month) => amountIn(month.total, currency)) },
        { name: t("reports.forecast.weightedIn", { currency }), kind: "bar", values: report.byMonth.map((month) => amountIn(month.weighted, currency)) },
      ]),
    },
    tables: [table],
  };
}

// ---------------------------------------------------------------- 5. changes since last week

export function shapeChanges(report: ChangesReport, f: Figures): ShapedReport {
  const { t } = f;
  const table: ReportTable = {
    id: "changes",
    caption: t("reports.changes.caption"),
    columns: [t("reports.col.change"), t("reports.col.changes"), t("reports.col.opportunities")],
    rows: report.summary.map((row) => ({
      key: row.kind,
      header: t(`reports.changeKind.${row.kind}`),
      cells: [f.count(row.count, opportunities(row.drill)), f.count(row.opportunities)],
    })),
  };
  return {
    chart: {
      categories: report.summary.map((row) => t(`reports.changeKind.${row.kind}`)),
      series: [{ name: t("reports.col.changes"), kind: "bar", values: report.summary.map((row) => row.count) }],
    },
    tables: [table],
  };
}

// ---------------------------------------------------------------- 6. risks (停滞, SOP-5.3)

export function shapeRisks(report: RisksReport, f: Figures): ShapedReport {
  const { t } = f;
  const sections = [
    ["stalled", report.stalled],
    ["reviewsWaiting", report.reviewsWaiting],
    ["decisionsWaiting", report.decisionsWaiting],
    ["closeDatePassed", report.closeDatePassed],
  ] as const;
  return {
    chart: {
      categories: sections.map(([key]) => t(`reports.risks.${key}`)),
      series: [{ name: t("reports.col.count"), kind: "bar", values: sections.map(([, section]) => section.totalCount) }],
    },
    tables: [
      {
        id: "risks",
        caption: t("reports.risks.caption"),
        columns: [t("reports.col.risk"), t("reports.col.count")],
        rows: sections.map(([key, section]) => ({ key, header: t(`reports.risks.${key}`), cells: [f.count(section.totalCount, opportunities(section.drill))] })),
      },
    ],
  };
}

// ---------------------------------------------------------------- 7. follow-up discipline (SOP-3)

type DisciplineRow = DisciplineReport["total"];

function disciplineCells(row: DisciplineRow, f: Figures): Cell[] {
  return [
    f.count(row.doneOnTime.count, leads(row.doneOnTime.drill)),
    f.count(row.doneLate.count, leads(row.doneLate.drill)),
    f.count(row.missed.count, leads(row.missed.drill)),
    f.count(row.stillOpen.count, leads(row.stillOpen.drill)),
    f.count(row.overdueNow.count, leads(row.overdueNow.drill)),
    f.count(row.unattended.count, leads(row.unattended.drill)),
    f.ratio(row.firstContactSla, leads(row.firstContactSla.numeratorDrill)),
  ];
}

export function shapeDiscipline(report: DisciplineReport, f: Figures): ShapedReport {
  const { t } = f;
  const columns = [
    t("reports.col.doneOnTime"),
    t("reports.col.doneLate"),
    t("reports.col.missed"),
    t("reports.col.stillOpen"),
    t("reports.col.overdueNow"),
    t("reports.col.unattended"),
    t("reports.col.firstContactSla"),
  ];
  const byTier = [{ key: "total", header: t("reports.total"), row: report.total }, ...report.byTier.map((row) => ({ key: row.tier ?? "", header: row.tier ? t(`tier.${row.tier}`) : "–", row }))];
  const stacked = (name: string, pick: (row: DisciplineRow) => number): ChartSeries => ({
    name,
    kind: "bar",
    stack: "followUps",
    values: report.reps.nodes.map((rep) => pick(rep.total)),
  });
  return {
    chart: {
      categories: report.reps.nodes.map((rep) => rep.rep.displayName),
      series: [
        stacked(columns[0]!, (row) => row.doneOnTime.count),
        stacked(columns[1]!, (row) => row.doneLate.count),
        stacked(columns[2]!, (row) => row.missed.count),
        stacked(columns[3]!, (row) => row.stillOpen.count),
      ],
    },
    tables: [
      {
        id: "discipline-tier",
        caption: t("reports.discipline.tierCaption"),
        columns: [t("reports.col.tier"), ...columns],
        rows: byTier.map(({ key, header, row }) => ({ key, header, cells: disciplineCells(row, f) })),
      },
      {
        id: "discipline-reps",
        caption: t("reports.discipline.repsCaption"),
        columns: [t("reports.col.rep"), ...columns],
        rows: report.reps.nodes.map((rep) => ({ key: rep.rep.id, header: rep.rep.displayName, cells: disciplineCells(rep.total, f) })),
      },
    ],
  };
}

// ---------------------------------------------------------------- 8. rep scorecard

export function shapeScorecard(report: ScorecardReport, f: Figures): ShapedReport {
  const { t } = f;
  const reps = report.reps.nodes;
  const tiers = ["A", "B", "C"] as const;
  const table: ReportTable = {
    id: "scorecard",
    caption: t("reports.scorecard.caption"),
    columns: [
      t("reports.col.rep"),
      ...tiers.map((tier) => t("reports.scorecard.leadsOwned", { tier: t(`tier.${tier}`) })),
      t("reports.col.firstContactSla"),
      t("reports.col.overdueNow"),
      t("reports.col.openPipeline"),
      t("reports.col.weighted"),
      t("reports.col.wonValue"),
      t("reports.col.winRate"),
    ],
    rows: reps.map((rep) => ({
      key: rep.rep.id,
      header: rep.rep.displayName,
      cells: [
        ...tiers.map((tier) => {
          const owned = rep.leadsOwned.find((count) => count.tier === tier);
          return owned ? f.count(owned.count, leads(owned.drill)) : f.count(0);
        }),
        f.ratio(rep.firstContactRate, leads(rep.firstContactRate.numeratorDrill)),
        f.count(rep.overdueNow.count, leads(rep.overdueNow.drill)),
        f.money(rep.openPipeline.amounts, opportunities(rep.openPipeline.drill)),
        f.money(rep.weightedForecast.amounts, opportunities(rep.weightedForecast.drill)),
        f.money(rep.wonValue.amounts, opportunities(rep.wonValue.drill)),
        f.ratio(rep.winRate, opportunities(rep.winRate.numeratorDrill)),
      ],
    })),
  };
  const currencies = currenciesOf(...reps.flatMap((rep) => [rep.openPipeline.amounts, rep.weightedForecast.amounts, rep.wonValue.amounts]));
  return {
    chart: {
      categories: reps.map((rep) => rep.rep.displayName),
      series: currencies.flatMap((currency): ChartSeries[] => [
        { name: t("reports.scorecard.openIn", { currency }), kind: "bar", values: reps.map((rep) => amountIn(rep.openPipeline.amounts, currency)) },
        { name: t("reports.scorecard.weightedIn", { currency }), kind: "bar", values: reps.map((rep) => amountIn(rep.weightedForecast.amounts, currency)) },
        { name: t("reports.scorecard.wonIn", { currency }), kind: "bar", values: reps.map((rep) => amountIn(rep.wonValue.amounts, currency)) },
      ]),
    },
    tables: [table],
  };
}

// ---------------------------------------------------------------- CSV

/** The table as CSV rows, exactly the cells the page shows: the header row, then each row. */
export function tableToRows(table: ReportTable): string[][] {
  return [table.columns, ...table.rows.map((row) => [row.header, ...row.cells.map((cell) => cell.text)])];
}
