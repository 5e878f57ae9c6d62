import { useEffect, useRef, useState, type RefObject } from "react";
import type { Translate } from "../i18n/translate.ts";
import { chartOption } from "./chart-options.ts";
import type { echarts as EChartsModule } from "./echarts-setup.ts";
import type { ChartData } from "./report-shaping.ts";

// A type-only import: erased from the build, so the chunk is fetched only by loadECharts().
type ECharts = typeof EChartsModule;
let loading: Promise<ECharts> | undefined;

/** ECharts, fetched on first use: the reports page's own JS stays small (report-chart's note). */
function loadECharts(): Promise<ECharts> {
  loading ??= import("./echarts-setup.ts").then((module) => module.echarts);
  return loading;
}

/** How far below the screen a chart starts loading, so it is drawn by the time it is scrolled to. */
const NEAR = "400px 0px";

/**
 * True once the element is on screen or within NEAR of it, and from then on. ECharts is a large
 * script that keeps a phone's processor busy: a chart further down waits until it is wanted.
 */
function useScrolledNear(element: RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const target = element.current;
    if (near || !target) return;
    const observer = new IntersectionObserver((entries) => setNear(entries.some((entry) => entry.isIntersecting)), { rootMargin: NEAR });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, near]);
  return near;
}

/**
 * A report's chart. It is a picture of the table beside it (role="img" with the table named as
 * its description): screen readers and copying use the table, which has every figure exactly.
 */
export function ReportChart({ chart, locale, t, describedBy }: { chart: ChartData; locale: string; t: Translate; describedBy: string }) {
  const element = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const near = useScrolledNear(element);

  // Redrawn when the figures change, not when the same figures arrive as a new object.
  const figures = JSON.stringify(chart);
  useEffect(() => {
    if (!near) return;
    let disposed = false;
    let instance: ReturnType<ECharts["init"]> | undefined;
    let observer: ResizeObserver | undefined;
    loadECharts().then(
      (echarts) => {
        if (disposed || !element.current) return;
        instance = echarts.init(element.current, undefined, { renderer: "svg", locale: locale === "en" ? "EN" : "ZH" });
        instance.setOption(chartOption(JSON.parse(figures) as ChartData, locale));
        observer = new ResizeObserver(() => instance?.resize());
        observer.observe(element.current);
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, [figures, locale, near]);

  if (failed) return <p className="hint">{t("reports.chartFailed")}</p>;
  return (
    <div className="report-chart" ref={element} role="img" aria-label={t("reports.chartLabel")} aria-describedby={describedBy} data-testid="report-chart" />
  );
}
