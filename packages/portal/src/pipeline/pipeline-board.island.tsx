import { useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "urql";
import { ErrorMessage } from "../components/error-message.tsx";
import { QueryState } from "../components/query-state.tsx";
import { PortalProvider } from "../components/portal-provider.tsx";
import { formatMoney } from "../format/money.ts";
import { usePagedConnection } from "../graphql/use-paged-connection.ts";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { useViewer } from "../session/use-viewer.ts";
import type { Viewer } from "../session/viewer.query.ts";
import {
  ariaSort,
  daysInCurrentStage,
  formatDateIn,
  formatLocalDate,
  nextOrder,
  NO_FILTERS,
  OPEN_STAGES,
  opportunityFilter,
  TIERS,
  type BoardFilters,
  type OpenStage,
  type OpportunityOrder,
  type StageTotal,
} from "./pipeline-data.ts";
import { useBoardHeads, useOwnerChoices, useStalled, type StalledInfo } from "./pipeline-hooks.ts";
import { PipelineCardsQuery, PipelineTeamsQuery, TeamRepsQuery, type PipelineCard } from "./pipeline.query.ts";

/** Cards per column before "load more": the column's header still counts every deal. */
const COLUMN_PAGE = 10;
const LIST_PAGE = 50;

/**
 * The pipeline board (销售管道): a column per open stage with the API's count and value per
 * currency, cards linking to the opportunity, filters by rep, tier and close month, and the same
 * deals as a sortable list. What is listed is the API's decision (a rep's own deals, a
 * manager's team's, every team's for analysts); the filters are the API's filter arguments.
 */
export default function PipelineBoard({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <PipelineBoardContent locale={locale} />
    </PortalProvider>
  );
}

function PipelineBoardContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  return (
    <QueryState result={{ data: viewer, error }} t={t}>
      {(viewer) => <Pipeline locale={locale} t={t} viewer={viewer} />}
    </QueryState>
  );
}

function Pipeline({ locale, t, viewer }: { locale: Locale; t: Translate; viewer: Viewer }) {
  const [filters, setFilters] = useState<BoardFilters>(NO_FILTERS);
  const [view, setView] = useState<"board" | "list">("board");
  const filterKey = JSON.stringify(filters);
  const filter = useMemo(() => opportunityFilter(JSON.parse(filterKey) as BoardFilters, OPEN_STAGES), [filterKey]);
  const totals = useBoardHeads(filter);
  const stalled = useStalled(filters.teamId || null, filters.ownerId || null);

  // The rep filter's choices: a manager's reps from the API (users); analysts and admins the
  // owners of the open deals they see in the team picked. Reps have no rep filter.
  const seenOwners = useOwnerChoices(filters.teamId, viewer.role !== "REP" && viewer.role !== "MANAGER") ?? [];

  const fallbackTimeZone = viewer.team?.timeZone ?? "Asia/Shanghai";
  return (
    <>
      <Filters t={t} viewer={viewer} filters={filters} onChange={setFilters} seenOwners={seenOwners} />
      <div className="view-switch" role="group" aria-label={t("pipeline.view.label")}>
        <button type="button" aria-pressed={view === "board"} onClick={() => setView("board")}>
          {t("pipeline.view.board")}
        </button>
        <button type="button" aria-pressed={view === "list"} onClick={() => setView("list")}>
          {t("pipeline.view.list")}
        </button>
      </div>
      {totals.error && <ErrorMessage error={totals.error} t={t} />}
      {stalled.error && <ErrorMessage error={stalled.error} t={t} />}
      {view === "board" ? (
        <div className="board" data-testid="pipeline-board">
          {OPEN_STAGES.map((stage) => (
            <BoardColumn
              key={`${stage} ${filterKey}`}
              stage={stage}
              total={totals.totals?.[stage] ?? null}
              filters={filters}
              locale={locale}
              t={t}
              stalled={stalled.byId}
            />
          ))}
        </div>
      ) : (
        <PipelineList
          key={filterKey}
          filters={filters}
          total={totals.totalCount ?? undefined}
          locale={locale}
          t={t}
          stalled={stalled.byId}
          fallbackTimeZone={fallbackTimeZone}
        />
      )}
    </>
  );
}

function Filters({
  t,
  viewer,
  filters,
  onChange,
  seenOwners,
}: {
  t: Translate;
  viewer: Viewer;
  filters: BoardFilters;
  onChange: (filters: BoardFilters) => void;
  seenOwners: { id: string; displayName: string }[];
}) {
  const isRep = viewer.role === "REP";
  const isManager = viewer.role === "MANAGER";
  const crossTeam = !viewer.team;
  const [reps] = useQuery({ query: TeamRepsQuery, pause: !isManager });
  const [teams] = useQuery({ query: PipelineTeamsQuery, pause: !crossTeam });
  const owners = isManager ? (reps.data?.users ?? []) : seenOwners;
  return (
    <form className="filters" aria-label={t("pipeline.filters")} onSubmit={(event) => event.preventDefault()}>
      {crossTeam && (
        <div className="field">
          <label htmlFor="pipeline-team">{t("pipeline.filter.team")}</label>
          <select id="pipeline-team" value={filters.teamId} onChange={(event) => onChange({ ...filters, teamId: event.target.value, ownerId: "" })}>
            <option value="">{t("pipeline.filter.allTeams")}</option>
            {(teams.data?.teams ?? []).map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {!isRep && (
        <div className="field">
          <label htmlFor="pipeline-rep">{t("pipeline.filter.rep")}</label>
          <select id="pipeline-rep" value={filters.ownerId} onChange={(event) => onChange({ ...filters, ownerId: event.target.value })}>
            <option value="">{t("pipeline.filter.allReps")}</option>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.displayName}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="pipeline-tier">{t("pipeline.filter.tier")}</label>
        <select id="pipeline-tier" value={filters.tier} onChange={(event) => onChange({ ...filters, tier: event.target.value as BoardFilters["tier"] })}>
          <option value="">{t("pipeline.filter.allTiers")}</option>
          {TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {t(`tier.${tier}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="pipeline-close-month">{t("pipeline.filter.closeMonth")}</label>
        <input id="pipeline-close-month" type="month" value={filters.closeMonth} onChange={(event) => onChange({ ...filters, closeMonth: event.target.value })} />
      </div>
      <button type="button" className="button-secondary" onClick={() => onChange(NO_FILTERS)}>
        {t("pipeline.filter.clear")}
      </button>
    </form>
  );
}

function StageValue({ total, locale, t }: { total: StageTotal; locale: Locale; t: Translate }) {
  if (total.value.length === 0) return <span>{t("pipeline.column.noValue")}</span>;
  return (
    <>
      {total.value.map((money) => (
        <span key={money.currency} className="stage-value" data-currency={money.currency} data-amount={money.amount}>
          {formatMoney(money, locale)}
        </span>
      ))}
    </>
  );
}

function BoardColumn({
  stage,
  total,
  filters,
  locale,
  t,
  stalled,
}: {
  stage: OpenStage;
  total: StageTotal | null;
  filters: BoardFilters;
  locale: Locale;
  t: Translate;
  stalled: Map<string, StalledInfo> | null;
}) {
  const variables = useMemo(() => ({ first: COLUMN_PAGE, orderBy: "CLOSE_DATE_ASC" as const, filter: opportunityFilter(filters, [stage]) }), [filters, stage]);
  const cards = usePagedConnection(PipelineCardsQuery, variables, (data) => data.opportunities);
  const headingId = `column-${stage}`;
  const partial = total !== null && cards.nodes !== null && cards.nodes.length < total.count;
  return (
    <section className="board-column" aria-labelledby={headingId} data-stage={stage}>
      <header className="board-column-header">
        <h2 id={headingId}>{t(`pipeline.stage.${stage}`)}</h2>
        {total ? (
          <p className="stage-totals" data-testid={`totals-${stage}`} data-count={total.count}>
            <span className="stage-count">{t("pipeline.column.count", { count: total.count })}</span>
            <StageValue total={total} locale={locale} t={t} />
          </p>
        ) : (
          <p className="loading">{t("app.loading")}</p>
        )}
      </header>
      {cards.error && <ErrorMessage error={cards.error} t={t} />}
      {cards.nodes === null ? (
        !cards.error && <p className="loading">{t("app.loading")}</p>
      ) : cards.nodes.length === 0 ? (
        <p className="hint">{t("pipeline.column.empty")}</p>
      ) : (
        <ol className="cards" aria-labelledby={headingId}>
          {cards.nodes.map((card) => (
            <li key={card.id}>
              <OpportunityCard card={card} locale={locale} t={t} stalled={stalled?.get(card.id)} />
            </li>
          ))}
        </ol>
      )}
      {partial && (
        <p className="hint" data-testid={`shown-${stage}`}>
          {t("pipeline.column.shown", { shown: cards.nodes!.length, total: total.count })}
        </p>
      )}
      {cards.hasNextPage && (
        <button type="button" className="button-secondary" onClick={cards.loadMore} disabled={cards.fetching} aria-busy={cards.fetching}>
          {t("pipeline.column.loadMore", { stage: t(`pipeline.stage.${stage}`) })}
        </button>
      )}
    </section>
  );
}

function opportunityHref(locale: Locale, id: string): string {
  return localePath(locale, `/opportunity/?id=${encodeURIComponent(id)}`);
}

function StalledBadge({ info, t }: { info: StalledInfo | undefined; t: Translate }) {
  if (!info) return null;
  return (
    <span className="badge badge-overdue" data-testid="stalled-badge" title={info.thresholdDays !== null ? t("pipeline.stalled.title", { days: info.thresholdDays }) : undefined}>
      {t("pipeline.stalled")}
    </span>
  );
}

function OpportunityCard({
  card,
  locale,
  t,
  stalled,
}: {
  card: PipelineCard;
  locale: Locale;
  t: Translate;
  stalled: StalledInfo | undefined;
}) {
  const days = daysInCurrentStage(card.stageHistory);
  return (
    <article className={stalled ? "card card-stalled" : "card"} data-opportunity-id={card.id}>
      <a className="card-link" href={opportunityHref(locale, card.id)}>
        <span className="card-company">{card.lead ? card.lead.companyName : t("pipeline.hiddenLead")}</span>
        <span className="card-name">{card.name}</span>
      </a>
      <dl className="card-facts">
        <div>
          <dt>{t("pipeline.card.value")}</dt>
          <dd data-field="value">{formatMoney(card.estimatedValue, locale)}</dd>
        </div>
        <div>
          <dt>{t("pipeline.card.close")}</dt>
          <dd>
            <time dateTime={card.expectedCloseOn}>{formatLocalDate(card.expectedCloseOn, locale)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("pipeline.card.owner")}</dt>
          <dd data-field="owner">{card.owner.displayName}</dd>
        </div>
        <div>
          <dt>{t("pipeline.card.daysInStage")}</dt>
          <dd>{days === null ? "" : t("pipeline.days", { days })}</dd>
        </div>
      </dl>
      <StalledBadge info={stalled} t={t} />
    </article>
  );
}

type SortColumn = "CLOSE_DATE" | "VALUE" | "CREATED";

function PipelineList({
  filters,
  total,
  locale,
  t,
  stalled,
  fallbackTimeZone,
}: {
  filters: BoardFilters;
  total: number | undefined;
  locale: Locale;
  t: Translate;
  stalled: Map<string, StalledInfo> | null;
  fallbackTimeZone: string;
}) {
  const [orderBy, setOrderBy] = useState<OpportunityOrder>("CLOSE_DATE_ASC");
  const variables = useMemo(() => ({ first: LIST_PAGE, orderBy, filter: opportunityFilter(filters, OPEN_STAGES) }), [filters, orderBy]);
  const list = usePagedConnection(PipelineCardsQuery, variables, (data) => data.opportunities);
  const status = useRef<HTMLParagraphElement>(null);
  const [loadedMore, setLoadedMore] = useState(false);
  useEffect(() => {
    if (loadedMore && !list.fetching && !list.hasNextPage) status.current?.focus();
  }, [loadedMore, list.fetching, list.hasNextPage]);

  const sortHeader = (column: SortColumn, label: string) => (
    <th scope="col" aria-sort={ariaSort(orderBy, column)}>
      <button type="button" className="sort-button" onClick={() => setOrderBy(nextOrder(orderBy, column))}>
        {label}
        <span aria-hidden="true">{ariaSort(orderBy, column) === "ascending" ? " ▲" : ariaSort(orderBy, column) === "descending" ? " ▼" : ""}</span>
      </button>
    </th>
  );

  return (
    <QueryState result={{ data: list.nodes, error: list.error }} t={t}>
      {(nodes) => (
        <>
          {nodes.length === 0 ? (
            <p>{t("pipeline.list.empty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="pipeline-list">
                <caption className="visually-hidden">{t("pipeline.list.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("pipeline.card.name")}</th>
                    <th scope="col">{t("pipeline.card.company")}</th>
                    <th scope="col">{t("pipeline.card.stage")}</th>
                    {sortHeader("VALUE", t("pipeline.card.value"))}
                    {sortHeader("CLOSE_DATE", t("pipeline.card.close"))}
                    <th scope="col">{t("pipeline.card.owner")}</th>
                    <th scope="col">{t("pipeline.card.daysInStage")}</th>
                    {sortHeader("CREATED", t("pipeline.card.created"))}
                  </tr>
                </thead>
                <tbody>
                  {nodes.map((row) => {
                    const days = daysInCurrentStage(row.stageHistory);
                    return (
                      <tr key={row.id} data-opportunity-id={row.id}>
                        <th scope="row">
                          <a href={opportunityHref(locale, row.id)}>{row.name}</a>
                        </th>
                        <td>{row.lead ? row.lead.companyName : t("pipeline.hiddenLead")}</td>
                        <td>{t(`pipeline.stage.${row.stage as OpenStage}`)}</td>
                        <td className="numeric">{formatMoney(row.estimatedValue, locale)}</td>
                        <td>
                          <time dateTime={row.expectedCloseOn}>{formatLocalDate(row.expectedCloseOn, locale)}</time>
                        </td>
                        <td>{row.owner.displayName}</td>
                        <td>
                          {days === null ? "" : t("pipeline.days", { days })} <StalledBadge info={stalled?.get(row.id)} t={t} />
                        </td>
                        <td>
                          <time dateTime={row.createdAt}>{formatDateIn(row.createdAt, locale, row.team.timeZone || fallbackTimeZone)}</time>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <p className="table-status" ref={status} tabIndex={-1} aria-live="polite" data-testid="list-status">
            {total !== undefined && t("pipeline.list.shown", { shown: nodes.length, total })}
          </p>
          {list.hasNextPage && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setLoadedMore(true);
                list.loadMore();
              }}
              disabled={list.fetching}
              aria-busy={list.fetching}
            >
              {t("pipeline.list.loadMore")}
            </button>
          )}
        </>
      )}
    </QueryState>
  );
}

