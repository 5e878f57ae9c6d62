/**
 * ECharts with only what the reports draw: bar and line charts, their grid, axes, tooltip and
 * legend, on the SVG renderer. Imported only through `import()` from report-chart.tsx, so it
 * is a chunk of its own that the reports page fetches after its first paint, and that no other
 * page loads.
 */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
