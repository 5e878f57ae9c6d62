import { useEffect, useRef, useState, type RefObject } from "react";
import { useQuery } from "urql";
import { PortalProvider } from "../components/portal-provider.tsx";
import { LoadingBlock, QueryState } from "../components/query-state.tsx";
import { usePagedConnection, type PagedConnection } from "../graphql/use-paged-connection.ts";
import { formatDateTime } from "../format/date-time.ts";
import type { Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { useViewer } from "../session/use-viewer.ts";
import { FollowUpQueueQuery, QueueTeamsQuery, type QueueFollowUp, type QueueTeam } from "./follow-up-queue.query.ts";
import { FirstContactSla } from "./first-contact-sla.tsx";
import { QueueRepsQuery } from "./first-contact-sla.query.ts";

const PAGE_SIZE = 50;

/**
 * The follow-up queue as the viewer's role has it: a rep's own, a manager's team's, and for
 * analysts and admins (who belong to no team) the team they pick. Which rows come back is the
 * API's decision; this only asks for the right scope.
 */
export default function FollowUpQueue({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <FollowUpQueueContent locale={locale} />
    </PortalProvider>
  );
}

function FollowUpQueueContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  return (
    <QueryState result={{ data: viewer, error }} t={t}>
      {(viewer) =>
        viewer.team && viewer.role === "REP" ? (
          <QueueTable locale={locale} t={t} teamId={null} ownerId={null} timeZone={viewer.team.timeZone} />
        ) : viewer.team ? (
          <TeamQueue locale={locale} t={t} teamId={viewer.team.id} timeZone={viewer.team.timeZone} />
        ) : (
          <TeamPickedQueue locale={locale} t={t} />
        )
      }
    </QueryState>
  );
}

function TeamPickedQueue({ locale, t }: { locale: Locale; t: Translate }) {
  const [result] = useQuery({ query: QueueTeamsQuery });
  return (
    <QueryState result={result} t={t} empty={{ when: (data) => data.teams.length === 0, say: <p>{t("followUps.empty")}</p> }}>
      {(data) => <TeamPicker locale={locale} t={t} teams={data.teams} />}
    </QueryState>
  );
}

function TeamPicker({ locale, t, teams }: { locale: Locale; t: Translate; teams: QueueTeam[] }) {
  const [teamId, setTeamId] = useState<string | null>(null);
  const team = teams.find((candidate) => candidate.id === teamId) ?? teams[0]!;
  return (
    <>
      <div className="field field-inline">
        <label htmlFor="queue-team">{t("followUps.team")}</label>
        <select id="queue-team" value={team.id} onChange={(event) => setTeamId(event.target.value)}>
          {teams.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <TeamQueue key={team.id} locale={locale} t={t} teamId={team.id} timeZone={team.timeZone} />
    </>
  );
}

/**
 * SOP-3.6 a team's queue for its manager (or an analyst): every rep's, or one rep's picked from
 * the team, overdue first as the API orders it; then the team's first-contact SLA.
 */
function TeamQueue({ locale, t, teamId, timeZone }: { locale: Locale; t: Translate; teamId: string; timeZone: string }) {
  const [{ data }] = useQuery({ query: QueueRepsQuery, variables: { teamId } });
  const [ownerId, setOwnerId] = useState("");
  return (
    <>
      <div className="field field-inline">
        <label htmlFor="queue-rep">{t("followUpsTeam.rep")}</label>
        <select id="queue-rep" value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
          <option value="">{t("followUpsTeam.allReps")}</option>
          {(data?.users ?? []).map((rep) => (
            <option key={rep.id} value={rep.id}>
              {rep.displayName}
            </option>
          ))}
        </select>
      </div>
      <QueueTable locale={locale} t={t} teamId={teamId} ownerId={ownerId || null} timeZone={timeZone} />
      <FirstContactSla locale={locale} t={t} teamId={teamId} timeZone={timeZone} />
    </>
  );
}

function QueueTable({ locale, t, teamId, ownerId, timeZone }: { locale: Locale; t: Translate; teamId: string | null; ownerId: string | null; timeZone: string }) {
  const queue = usePagedConnection(FollowUpQueueQuery, { first: PAGE_SIZE, teamId, ownerId }, (data) => data.followUpQueue);
  const status = useRef<HTMLParagraphElement>(null);
  const [loadedMore, setLoadedMore] = useState(false);

  // The button goes away with the last page: put the focus on the count it leaves behind.
  useEffect(() => {
    if (loadedMore && !queue.fetching && !queue.hasNextPage) status.current?.focus();
  }, [loadedMore, queue.fetching, queue.hasNextPage]);

  return (
    <>
      <p className="hint">{t("followUps.timeZone", { timeZone })}</p>
      {/* A full page's room while loading: the SLA below stays where it will be. */}
      <QueryState result={{ data: queue.nodes, error: queue.error }} t={t} loading={<LoadingBlock t={t} rows={PAGE_SIZE + 1} />}>
        {(nodes) => <QueueRows nodes={nodes} queue={queue} status={status} onLoadMore={() => setLoadedMore(true)} locale={locale} t={t} timeZone={timeZone} />}
      </QueryState>
    </>
  );
}

function QueueRows({
  nodes,
  queue,
  status,
  onLoadMore,
  locale,
  t,
  timeZone,
}: {
  nodes: QueueFollowUp[];
  queue: PagedConnection<QueueFollowUp>;
  status: RefObject<HTMLParagraphElement | null>;
  onLoadMore(): void;
  locale: Locale;
  t: Translate;
  timeZone: string;
}) {
  return (
    <>
      {nodes.length === 0 ? (
        <p>{t("followUps.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="follow-up-queue">
            <caption className="visually-hidden">{t("followUps.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("followUps.col.due")}</th>
                <th scope="col">{t("followUps.col.status")}</th>
                <th scope="col">{t("followUps.col.lead")}</th>
                <th scope="col">{t("followUps.col.tier")}</th>
                <th scope="col">{t("followUps.col.kind")}</th>
                <th scope="col">{t("followUps.col.channel")}</th>
                <th scope="col">{t("followUps.col.owner")}</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((followUp) => (
                <QueueRow key={followUp.id} followUp={followUp} locale={locale} t={t} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="table-status" ref={status} tabIndex={-1} aria-live="polite" data-testid="queue-status">
        {queue.totalCount !== undefined && t("followUps.shown", { shown: nodes.length, total: queue.totalCount })}
      </p>
      {queue.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            onLoadMore();
            queue.loadMore();
          }}
          disabled={queue.fetching}
          aria-busy={queue.fetching}
        >
          {t("followUps.loadMore")}
        </button>
      )}
    </>
  );
}

function QueueRow({ followUp, locale, t, timeZone }: { followUp: QueueFollowUp; locale: Locale; t: Translate; timeZone: string }) {
  const bucket = followUp.bucket ?? (followUp.isOverdue ? "OVERDUE" : "UPCOMING");
  return (
    <tr className={followUp.isOverdue ? "row-overdue" : undefined} data-follow-up-id={followUp.id}>
      <td>
        <time dateTime={followUp.dueAt}>{formatDateTime(followUp.dueAt, locale, timeZone)}</time>
      </td>
      <td>
        <span className={`badge badge-${bucket.toLowerCase().replace("_", "-")}`}>{t(`bucket.${bucket}`)}</span>
      </td>
      <th scope="row">{followUp.lead ? followUp.lead.companyName : t("followUps.hiddenLead")}</th>
      <td>{followUp.lead ? t(`tier.${followUp.lead.tier}`) : ""}</td>
      <td>{t(`followUpKind.${followUp.kind}`)}</td>
      <td>{t(`channel.${followUp.channel}`)}</td>
      <td>{followUp.owner.displayName}</td>
    </tr>
  );
}
