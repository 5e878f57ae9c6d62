import type { ChartData } from "./report-shaping.ts";

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
export const CHART_COLOURS = ["#0b57d0", "#b3261e", "#146c2e", "#7a4f01", "#6d3fb5", "#00677f"];

/** The ECharts option for a report's chart data (a plain object: no ECharts import needed). */
export function chartOption(chart: ChartData, locale: string) {
  const numbers = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  return {
    animation: false,
    color: CHART_COLOURS,
    aria: { enabled: false },
    tooltip: { trigger: "axis" as const },
    legend: { show: chart.series.length > 1, top: 0 },
    grid: { left: 8, right: 16, top: chart.series.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
    xAxis: { type: "category" as const, data: chart.categories, axisLabel: { interval: 0, rotate: chart.categories.length > 6 ? 30 : 0 } },
    yAxis: { type: "value" as const, axisLabel: { formatter: (value: number) => numbers.format(value) } },
    series: chart.series.map((series) => ({
      name: series.name,
      type: series.kind,
      stack: series.stack,
      data: series.values,
    })),
  };
}
