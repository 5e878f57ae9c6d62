import { useEffect, useRef, type ReactNode } from "react";
import type { Locale } from "../i18n/locales.ts";
import type { Translate } from "../i18n/translate.ts";
import { downloadCsv } from "./csv.ts";
import { DrillList } from "./drill-list.tsx";
import { ReportChart } from "./report-chart.tsx";
import { tableToRows, type Drill, type ReportTable, type ShapedReport } from "./report-shaping.ts";

/** The figure being drilled into: its rows, what it is called, and the table it sits in. */
export interface OpenDrill {
  drill: Drill;
  label: string;
  tableId: string;
}

interface SectionProps {
  id: string;
  title: string;
  /** What the section counts and over which time, under the heading. */
  note?: string;
  controls?: ReactNode;
  shaped: ShapedReport | null;
  /** The rows of each of its tables when loaded, for the room it keeps while loading. */
  loadingRows: readonly number[];
  locale: Locale;
  t: Translate;
  fileSuffix: string;
  openDrill: OpenDrill | null;
  onDrill(drill: OpenDrill | null): void;
}

/** One report: its chart beside its tables, each table with its CSV, and the drill's rows below. */
export function ReportSection({ id, title, note, controls, shaped, loadingRows, locale, t, fileSuffix, openDrill, onDrill }: SectionProps) {
  const drillHere = openDrill && shaped?.tables.some((table) => table.id === openDrill.tableId) ? openDrill : null;
  const firstTable = shaped?.tables[0];
  return (
    <section className="report" aria-labelledby={`${id}-title`} data-testid={`report-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {note && <p className="hint">{note}</p>}
      {controls}
      {shaped === null ? (
        <ReportSkeleton rows={loadingRows} t={t} />
      ) : (
        // The tables come first: on a phone they are what the first screen shows, and the chart
        // below them (ECharts) is only fetched and drawn once scrolled near.
        <div className="report-body">
          <div className="report-tables">
            {shaped.tables.map((table) => (
              <FigureTable key={table.id} table={table} t={t} fileName={`${table.id}-${fileSuffix}.csv`} onDrill={onDrill} />
            ))}
          </div>
          <div className="report-chart-box">
            {shaped.chart.categories.length === 0 || shaped.chart.series.length === 0 ? (
              <p className="hint">{t("reports.noData")}</p>
            ) : (
              <ReportChart chart={shaped.chart} locale={locale} t={t} describedBy={`table-${firstTable?.id}-caption`} />
            )}
          </div>
        </div>
      )}
      {drillHere && <DrillPanel key={drillHere.drill.token} open={drillHere} locale={locale} t={t} onClose={() => onDrill(null)} />}
    </section>
  );
}

/** The loaded layout's room, empty: each table's rows, caption and CSV button, and the chart's box. */
function ReportSkeleton({ rows, t }: { rows: readonly number[]; t: Translate }) {
  return (
    <div className="report-body">
      <div className="report-tables">
        {rows.map((count, index) => (
          // A header row and `count` rows, the caption above and the CSV button below (4.2rem).
          <p key={index} className="loading report-table" style={{ minHeight: `calc(${count + 1} * var(--table-row) + 4.2rem)` }}>
            {index === 0 ? t("app.loading") : null}
          </p>
        ))}
      </div>
      <div className="report-chart-box">
        <div className="report-chart" />
      </div>
    </div>
  );
}

function FigureTable({ table, t, fileName, onDrill }: { table: ReportTable; t: Translate; fileName: string; onDrill(drill: OpenDrill): void }) {
  return (
    <div className="report-table">
      <div className="table-scroll">
        <table className="data-table" data-testid={`table-${table.id}`}>
          <caption id={`table-${table.id}-caption`}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 && (
              <tr>
                <td colSpan={table.columns.length}>{t("reports.noData")}</td>
              </tr>
            )}
            {table.rows.map((row) => (
              <tr key={row.key} data-row-key={row.key}>
                <th scope="row">{row.header}</th>
                {row.cells.map((cell, index) => (
                  <td key={table.columns[index + 1] ?? index} className="figure">
                    {cell.drill ? (
                      <button
                        type="button"
                        className="figure-drill"
                        data-drill-kind={cell.drill.kind}
                        aria-label={t("reports.drill.open", { figure: cell.text, row: row.header, column: table.columns[index + 1] ?? "" })}
                        onClick={() => onDrill({ drill: cell.drill!, tableId: table.id, label: `${row.header} · ${table.columns[index + 1] ?? ""}` })}
                      >
                        {cell.text}
                      </button>
                    ) : (
                      cell.text
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="button-secondary button-small" onClick={() => downloadCsv(fileName, tableToRows(table))}>
        {t("reports.csv", { table: table.caption })}
      </button>
    </div>
  );
}

function DrillPanel({ open, locale, t, onClose }: { open: OpenDrill; locale: Locale; t: Translate; onClose(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="drill-panel" role="region" aria-labelledby="drill-title" data-testid="drill-panel">
      <div className="drill-head">
        <h3 id="drill-title" ref={heading} tabIndex={-1}>
          {t("reports.drill.title", { figure: open.label })}
        </h3>
        <button type="button" className="button-secondary button-small" onClick={onClose}>
          {t("reports.drill.close")}
        </button>
      </div>
      <DrillList drill={open.drill} locale={locale} t={t} caption={t("reports.drill.title", { figure: open.label })} />
    </div>
  );
}
