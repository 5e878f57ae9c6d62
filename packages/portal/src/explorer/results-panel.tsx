import { useEffect, useMemo, useRef, useState } from "react";
import type { Locale } from "../i18n/locales.ts";
import type { Translate } from "../i18n/translate.ts";
import { downloadCsv } from "../reports/csv.ts";
import { sendOperation, type ExplorerRun } from "./fetcher.ts";
import {
  cellText,
  columnsOf,
  costOf,
  csvRows,
  errorsOf,
  findLists,
  flattenItem,
  listAt,
  nextPageVariables,
  sortRows,
  visibleWindow,
  type PageInfo,
  type Row,
  type ShownError,
  type SortDirection,
} from "./result-table.ts";

/** Rows are one line each (explorer.css), so the table renders only those in view. */
const ROW_HEIGHT = 32;
const VIEWPORT_HEIGHT = 448;

interface Loaded {
  rows: Row[];
  pageInfo: PageInfo | null;
}

/**
 * The last run's answer as a table (issue 12): the chosen list of the answer flattened to rows,
 * sortable, downloadable as CSV, paged with "load more" when the list is a connection and the
 * operation declares `$after`; the errors as the API sent them, and the cost it counted.
 */
export function ResultsPanel({ run, locale, t }: { run: ExplorerRun | null; locale: Locale; t: Translate }) {
  const data = (run?.response as { data?: unknown } | undefined)?.data;
  const lists = useMemo(() => findLists(data), [data]);
  const [listIndex, setListIndex] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [moreErrors, setMoreErrors] = useState<ShownError[]>([]);
  const [fetching, setFetching] = useState(false);
  const [sort, setSort] = useState<{ column: string; direction: SortDirection } | null>(null);
  const list = lists[Math.min(listIndex, lists.length - 1)];

  // A new run (or another list of it) starts again from its first page, unsorted.
  useEffect(() => setListIndex(0), [run]);
  useEffect(() => {
    setLoaded(list ? { rows: list.items.map((item) => flattenItem(item)), pageInfo: list.pageInfo } : null);
    setMoreErrors([]);
    setSort(null);
  }, [list]);

  if (!run) return <section className="explorer-results" aria-label={t("explorer.results.title")}><p className="hint">{t("explorer.results.none")}</p></section>;

  const errors = [...errorsOf(run.response), ...moreErrors];
  const cost = costOf(run.response);
  const columns = loaded ? columnsOf(loaded.rows) : [];
  const rows = loaded && sort ? sortRows(loaded.rows, sort.column, sort.direction, locale) : (loaded?.rows ?? []);
  const nextVariables = nextPageVariables(run.request.variables, loaded?.pageInfo ?? null, /\$after\s*:/.test(run.request.query));
  const label = list ? list.path.join(".") || t("explorer.results.root") : "";

  const loadMore = async () => {
    if (!nextVariables || !list || !loaded) return;
    setFetching(true);
    try {
      const next = await sendOperation({ ...run.request, variables: nextVariables }, run.headers);
      const page = listAt((next.response as { data?: unknown }).data, list.path);
      setMoreErrors(errorsOf(next.response));
      if (page) setLoaded({ rows: [...loaded.rows, ...page.items.map((item) => flattenItem(item))], pageInfo: page.pageInfo });
    } catch {
      setMoreErrors([{ code: null, message: t("error.network"), path: null, limit: null }]);
    } finally {
      setFetching(false);
    }
  };

  return (
    <section className="explorer-results" aria-labelledby="explorer-results-heading" data-testid="explorer-results">
      <h2 id="explorer-results-heading">{t("explorer.results.title")}</h2>
      <p className="hint" data-testid="explorer-cost">
        {cost ? t("explorer.results.cost", { requested: cost.requested, limit: cost.limit }) : t("explorer.results.noCost")}
      </p>
      {errors.length > 0 && <ErrorList errors={errors} t={t} />}
      {lists.length > 1 && (
        <div className="field field-inline">
          <label htmlFor="explorer-list">{t("explorer.results.list")}</label>
          <select id="explorer-list" value={listIndex} onChange={(event) => setListIndex(Number(event.target.value))}>
            {lists.map((candidate, index) => (
              <option key={candidate.path.join(".")} value={index}>
                {candidate.path.join(".") || t("explorer.results.root")}
              </option>
            ))}
          </select>
        </div>
      )}
      {!list ? (
        data !== undefined && data !== null && <p>{t("explorer.results.noList")}</p>
      ) : (
        <>
          <VirtualTable caption={t("explorer.results.caption", { list: label })} columns={columns} rows={rows} sort={sort} onSort={setSort} t={t} />
          <p className="table-status" aria-live="polite" data-testid="explorer-row-count">
            {t("explorer.results.shown", { rows: rows.length })}
          </p>
          <div className="explorer-actions">
            <button type="button" className="button-secondary" disabled={rows.length === 0} onClick={() => downloadCsv(`${run.request.operationName ?? "result"}.csv`, csvRows(columns, rows))}>
              {t("explorer.results.csv")}
            </button>
            {nextVariables && (
              <button type="button" className="button-secondary" onClick={() => void loadMore()} disabled={fetching} aria-busy={fetching}>
                {t("explorer.results.loadMore")}
              </button>
            )}
            {loaded?.pageInfo?.hasNextPage && !nextVariables && <span className="hint">{t("explorer.results.addAfter")}</span>}
          </div>
        </>
      )}
    </section>
  );
}

function ErrorList({ errors, t }: { errors: ShownError[]; t: Translate }) {
  return (
    <div role="alert" className="notice notice-error" data-testid="explorer-errors">
      <ul>
        {errors.map((error, index) => (
          <li key={index}>
            {error.code && <code>{error.code}</code>} {error.message}
            {error.path && <> · {t("explorer.errors.path", { path: error.path })}</>}
            {error.limit && (
              <> · {t("explorer.errors.limit", { limit: error.limit.limit, max: error.limit.max, actual: error.limit.actual ?? "?" })}</>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function VirtualTable({
  caption,
  columns,
  rows,
  sort,
  onSort,
  t,
}: {
  caption: string;
  columns: string[];
  rows: Row[];
  sort: { column: string; direction: SortDirection } | null;
  onSort: (sort: { column: string; direction: SortDirection }) => void;
  t: Translate;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const visible = visibleWindow(rows.length, ROW_HEIGHT, VIEWPORT_HEIGHT, scrollTop);
  return (
    <div className="explorer-table-scroll" ref={scroller} tabIndex={0} role="region" aria-label={caption} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <table className="data-table explorer-table" aria-rowcount={rows.length + 1} data-testid="explorer-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => {
              const direction = sort?.column === column ? sort.direction : undefined;
              return (
                <th key={column} scope="col" aria-sort={direction ?? "none"}>
                  <button
                    type="button"
                    className="explorer-sort"
                    onClick={() => onSort({ column, direction: direction === "ascending" ? "descending" : "ascending" })}
                    aria-label={t("explorer.results.sortBy", { column })}
                  >
                    {column}
                    <span aria-hidden="true">{direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {visible.before > 0 && (
            <tr aria-hidden="true" style={{ height: visible.before }}>
              <td colSpan={columns.length} />
            </tr>
          )}
          {rows.slice(visible.start, visible.end).map((row, offset) => (
            <tr key={visible.start + offset} aria-rowindex={visible.start + offset + 2}>
              {columns.map((column) => {
                const text = cellText(row[column] ?? null);
                return (
                  <td key={column} title={text}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
          {visible.after > 0 && (
            <tr aria-hidden="true" style={{ height: visible.after }}>
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
