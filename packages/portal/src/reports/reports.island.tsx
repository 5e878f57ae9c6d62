import { useMemo, useState, type SubmitEvent } from "react";
import { useQuery, type AnyVariables, type TypedDocumentNode } from "urql";
import { PortalProvider } from "../components/portal-provider.tsx";
import { QueryState } from "../components/query-state.tsx";
import type { Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { useViewer } from "../session/use-viewer.ts";
import { apiPeriod, defaultPeriod, periodFromSearch, validPeriod, type Period } from "./period.ts";
import { ReportSection, type OpenDrill } from "./report-section.tsx";
import {
  Figures,
  shapeChanges,
  shapeDiscipline,
  shapeForecast,
  shapeFunnel,
  shapeRisks,
  shapeScorecard,
  shapeVelocity,
  shapeWinLoss,
  type ShapedReport,
} from "./report-shaping.ts";
import {
  ChangesQuery,
  DisciplineQuery,
  ForecastQuery,
  FunnelQuery,
  RisksQuery,
  ScorecardQuery,
  VelocityQuery,
  WinLossQuery,
} from "./reports.query.ts";
import "./reports.css";

const FORECAST_MONTHS = 6;
/**
 * The rows of each report's tables as a team like the demo's has them (8 funnel steps, 3 tiers,
 * 9 channels …): while a report loads, its section keeps that room, so the reports below it do
 * not jump down when it arrives.
 */
const LOADING_ROWS = {
  funnel: [8, 3, 9],
  winLoss: [5, 2],
  velocity: [4, 4],
  forecast: [FORECAST_MONTHS + 1],
  changes: [12],
  risks: [4],
  discipline: [4, 3],
  scorecard: [3],
} satisfies Record<string, readonly number[]>;
const WEEK_MS = 7 * 86_400_000;

/**
 * The reports of issue 9 for a period the viewer picks. The scope is the API's: a rep's reports
 * are their own work, a manager's their team's, an analyst's every team's; nothing is filtered here.
 */
export default function Reports({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <ReportsContent locale={locale} />
    </PortalProvider>
  );
}

function ReportsContent({ locale }: { locale: Locale }) {
  const t = useMemo(() => translator(locale), [locale]);
  const { viewer, error } = useViewer();
  return (
    <QueryState result={{ data: viewer, error }} t={t}>
      {/* Analysts and admins belong to no team: their default period is counted in Beijing time. */}
      {(viewer) => <ReportsForPeriod locale={locale} t={t} timeZone={viewer.team?.timeZone ?? "Asia/Shanghai"} />}
    </QueryState>
  );
}

function ReportsForPeriod({ locale, t, timeZone }: { locale: Locale; t: Translate; timeZone: string }) {
  const [period, setPeriod] = useState<Period>(() => periodFromSearch(window.location.search) ?? defaultPeriod(timeZone));
  const [draft, setDraft] = useState<Period>(period);
  const [view, setView] = useState<"COHORT" | "ACTIVITY">("COHORT");
  const [openDrill, setOpenDrill] = useState<OpenDrill | null>(null);
  // "Since last week": seven days before the page was opened, fixed while it stays open.
  const [since] = useState(() => new Date(Date.now() - WEEK_MS).toISOString());
  const figures = useMemo(() => new Figures(locale, t), [locale, t]);
  const variables = apiPeriod(period);
  const draftValid = validPeriod(draft);

  function apply(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draftValid) return;
    setPeriod(draft);
    setOpenDrill(null);
    const url = new URL(window.location.href);
    url.searchParams.set("from", draft.from);
    url.searchParams.set("to", draft.to);
    window.history.replaceState(null, "", url);
  }

  const section = { locale, t, openDrill, onDrill: setOpenDrill, fileSuffix: `${period.from}_${period.to}` };
  const periodNote = t("reports.periodNote", { from: period.from, to: period.to });

  return (
    <>
      <form className="period-picker" onSubmit={apply} aria-label={t("reports.period.label")}>
        <div className="field">
          <label htmlFor="report-from">{t("reports.period.from")}</label>
          <input id="report-from" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} required aria-invalid={!draftValid} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t("reports.period.to")}</label>
          <input id="report-to" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} required aria-invalid={!draftValid} />
        </div>
        <button type="submit" className="button-primary" disabled={!draftValid}>
          {t("reports.period.apply")}
        </button>
        <p className="hint period-hint">{draftValid ? t("reports.period.hint") : t("reports.period.invalid")}</p>
      </form>

      <Loaded query={FunnelQuery} variables={{ ...variables, view }} shape={(data) => shapeFunnel(data.pipelineFunnel, figures)} t={t}>
        {(shaped) => (
          <ReportSection
            id="funnel"
            loadingRows={LOADING_ROWS.funnel}
            title={t("reports.funnel.title")}
            note={`${periodNote} ${t(view === "COHORT" ? "reports.funnel.cohortNote" : "reports.funnel.activityNote")}`}
            controls={
              <div className="field field-inline">
                <label htmlFor="funnel-view">{t("reports.funnel.view")}</label>
                <select id="funnel-view" value={view} onChange={(event) => setView(event.target.value as "COHORT" | "ACTIVITY")}>
                  <option value="COHORT">{t("reports.funnel.COHORT")}</option>
                  <option value="ACTIVITY">{t("reports.funnel.ACTIVITY")}</option>
                </select>
              </div>
            }
            shaped={shaped}
            {...section}
          />
        )}
      </Loaded>
      <Loaded query={WinLossQuery} variables={variables} shape={(data) => shapeWinLoss(data.winLoss, figures)} t={t}>
        {(shaped) => <ReportSection id="win-loss" loadingRows={LOADING_ROWS.winLoss} title={t("reports.winLoss.title")} note={periodNote} shaped={shaped} {...section} />}
      </Loaded>
      <Loaded query={VelocityQuery} variables={variables} shape={(data) => shapeVelocity(data.pipelineVelocity, figures)} t={t}>
        {(shaped) => <ReportSection id="velocity" loadingRows={LOADING_ROWS.velocity} title={t("reports.velocity.title")} note={periodNote} shaped={shaped} {...section} />}
      </Loaded>
      <Loaded query={ForecastQuery} variables={{ months: FORECAST_MONTHS }} shape={(data) => shapeForecast(data.pipelineForecast, figures)} t={t}>
        {(shaped) => (
          <ReportSection id="forecast" loadingRows={LOADING_ROWS.forecast} title={t("reports.forecast.title")} note={t("reports.forecast.note", { months: FORECAST_MONTHS })} shaped={shaped} {...section} />
        )}
      </Loaded>
      <Loaded query={ChangesQuery} variables={{ since }} shape={(data) => shapeChanges(data.pipelineChanges, figures)} t={t}>
        {(shaped) => <ReportSection id="changes" loadingRows={LOADING_ROWS.changes} title={t("reports.changes.title")} note={t("reports.changes.note")} shaped={shaped} {...section} />}
      </Loaded>
      <Loaded query={RisksQuery} variables={{}} shape={(data) => shapeRisks(data.pipelineRisks, figures)} t={t}>
        {(shaped) => <ReportSection id="risks" loadingRows={LOADING_ROWS.risks} title={t("reports.risks.title")} note={t("reports.risks.note")} shaped={shaped} {...section} />}
      </Loaded>
      <Loaded query={DisciplineQuery} variables={variables} shape={(data) => shapeDiscipline(data.followUpDiscipline, figures)} t={t}>
        {(shaped) => <ReportSection id="discipline" loadingRows={LOADING_ROWS.discipline} title={t("reports.discipline.title")} note={periodNote} shaped={shaped} {...section} />}
      </Loaded>
      <Loaded query={ScorecardQuery} variables={variables} shape={(data) => shapeScorecard(data.repScorecard, figures)} t={t}>
        {(shaped) => <ReportSection id="scorecard" loadingRows={LOADING_ROWS.scorecard} title={t("reports.scorecard.title")} note={periodNote} shaped={shaped} {...section} />}
      </Loaded>
    </>
  );
}

/**
 * One report's query, shaped when its answer is in (null while loading, so the section keeps its
 * room); a failure shown in its place.
 */
function Loaded<Data, Variables extends AnyVariables>({
  query,
  variables,
  shape,
  t,
  children,
}: {
  query: TypedDocumentNode<Data, Variables>;
  variables: Variables;
  shape(data: Data): ShapedReport;
  t: Translate;
  children(shaped: ShapedReport | null): React.ReactNode;
}) {
  const [{ data, error, fetching }] = useQuery({ query, variables });
  // Shaped once per answer, so the chart is not redrawn when something else on the page changes.
  const shaped = useMemo(() => (data === undefined ? null : shape(data)), [data]); // shape reads only data
  return (
    <QueryState result={{ data: fetching ? null : shaped, error }} t={t} loading={children(null)}>
      {children}
    </QueryState>
  );
}
