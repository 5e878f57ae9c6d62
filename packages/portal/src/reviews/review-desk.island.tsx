import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useClient, useMutation, useQuery } from "urql";
import { QueryState } from "../components/query-state.tsx";
import { PortalProvider } from "../components/portal-provider.tsx";
import { formatDateTime } from "../format/date-time.ts";
import { errorCode } from "../graphql/sign-in-redirect.exchange.ts";
import type { Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { isReadOnly } from "../navigation/screens.ts";
import { useViewer } from "../session/use-viewer.ts";
import type { Viewer } from "../session/viewer.query.ts";
import { diffViewModel, PROPOSAL_PARTS, type PartDiff, type ProposalPart } from "./diff-view.ts";
import {
  DecideProposalMutation,
  DeskTeamsQuery,
  PendingDecisionsQuery,
  PreviousTotalsQuery,
  ReviewQueueQuery,
  SubmitReviewMutation,
  VersionDiffQuery,
  VersionDocumentQuery,
  type DeskTeam,
  type DeskVersion,
} from "./review-desk.query.ts";
import { VersionDocument } from "./version-document.tsx";
import { fieldProblems, formatWaited } from "./waited.ts";

type Refresh = () => void;
interface Notice {
  kind: "success" | "error";
  text: string;
}

/**
 * The review desk (SOP-5.3/5.4): a manager's team's versions waiting for a decision, longest
 * waiting first; a reviewer's own review queue; an analyst's or admin's (read-only) desk of the
 * team they pick. The version chosen (also `?version=<id>`, as the opportunity page links it) is
 * shown as a document with its reviews and what changed since the version before.
 */
export default function ReviewDesk({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <ReviewDeskContent locale={locale} />
    </PortalProvider>
  );
}

/** `?version=<id>`: read after the first render (there is no window at build time), followed on back/forward. */
function useSelectedVersion(): [string | null, (id: string) => void] {
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    const read = () => setSelected(new URL(window.location.href).searchParams.get("version"));
    read();
    window.addEventListener("popstate", read);
    return () => window.removeEventListener("popstate", read);
  }, []);
  const select = useCallback((id: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set("version", id);
    window.history.pushState(null, "", url);
    setSelected(id);
  }, []);
  return [selected, select];
}

function ReviewDeskContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  const [selected, select] = useSelectedVersion();
  return (
    <QueryState result={{ data: viewer, error }} t={t}>
      {(viewer) => <DeskForRole locale={locale} t={t} viewer={viewer} selected={selected} select={select} />}
    </QueryState>
  );
}

function DeskForRole({ locale, t, viewer, selected, select }: DeskProps) {
  if (viewer.role === "REVIEWER") return <ReviewerDesk locale={locale} t={t} viewer={viewer} selected={selected} select={select} />;
  if (viewer.role === "MANAGER" && viewer.team) {
    return <TeamDesk locale={locale} t={t} viewer={viewer} teamId={viewer.team.id} timeZone={viewer.team.timeZone} selected={selected} select={select} />;
  }
  if (isReadOnly(viewer.role)) return <TeamPickedDesk locale={locale} t={t} viewer={viewer} selected={selected} select={select} />;
  return (
    <p role="alert" className="notice notice-error">
      {t("error.forbidden")}
    </p>
  );
}

interface DeskProps {
  locale: Locale;
  t: Translate;
  viewer: Viewer;
  selected: string | null;
  select: (id: string) => void;
}

function TeamPickedDesk(props: DeskProps) {
  const { t } = props;
  const [result] = useQuery({ query: DeskTeamsQuery });
  return (
    <QueryState result={result} t={t} empty={{ when: (data) => data.teams.length === 0, say: <p>{t("reviews.queue.empty")}</p> }}>
      {(data) => <DeskTeamPicker {...props} teams={data.teams} />}
    </QueryState>
  );
}

function DeskTeamPicker(props: DeskProps & { teams: DeskTeam[] }) {
  const { t, teams } = props;
  const [teamId, setTeamId] = useState<string | null>(null);
  const team = teams.find((candidate) => candidate.id === teamId) ?? teams[0]!;
  return (
    <>
      <p className="notice">{t("reviews.readOnly")}</p>
      <div className="field field-inline">
        <label htmlFor="desk-team">{t("reviews.team")}</label>
        <select id="desk-team" value={team.id} onChange={(event) => setTeamId(event.target.value)}>
          {teams.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <TeamDesk {...props} teamId={team.id} timeZone={team.timeZone} />
    </>
  );
}

function TeamDesk({ locale, t, viewer, selected, select, teamId, timeZone }: DeskProps & { teamId: string; timeZone: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: PendingDecisionsQuery, variables: { teamId } });
  const refreshQueue = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  return (
    <>
      <section aria-labelledby="desk-queue-title">
        <h2 id="desk-queue-title">{t("reviews.pending.title")}</h2>
        <p className="hint">{t("reviews.timeZone", { timeZone })}</p>
        <QueryState
          result={{ data: data?.pendingDecisions, error }}
          t={t}
          empty={{ when: (rows) => rows.length === 0, say: <p data-testid="desk-queue-empty">{t("reviews.pending.empty")}</p> }}
        >
          {(pendingDecisions) => (
            <div className="table-scroll">
              <table className="data-table" data-testid="desk-queue" aria-busy={fetching}>
                <caption className="visually-hidden">{t("reviews.pending.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("reviews.col.waited")}</th>
                    <th scope="col">{t("reviews.col.opportunity")}</th>
                    <th scope="col">{t("reviews.col.version")}</th>
                    <th scope="col">{t("reviews.col.status")}</th>
                    <th scope="col">{t("reviews.col.reviews")}</th>
                    <th scope="col">{t("reviews.col.submittedBy")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pendingDecisions.map(({ version, waitedMs, waitingSince }) => {
                    const answered = version.reviews.filter((review) => review.verdict !== null).length;
                    const opportunity = version.proposal?.opportunity;
                    return (
                      <tr key={version.id} data-version-id={version.id} aria-current={version.id === selected ? "true" : undefined}>
                        <td>
                          {formatWaited(waitedMs, t)}
                          <span className="cell-note">
                            {t("reviews.waitingSince")} <time dateTime={waitingSince}>{formatDateTime(waitingSince, locale, timeZone)}</time>
                          </span>
                        </td>
                        <th scope="row">
                          <VersionLink id={version.id} select={select}>
                            {opportunity ? opportunity.name : t("reviews.version.number", { number: version.number })}
                          </VersionLink>
                          {opportunity?.lead && <span className="cell-note">{opportunity.lead.companyName}</span>}
                        </th>
                        <td>{t("reviews.version.number", { number: version.number })}</td>
                        <td>
                          <span className="badge badge-neutral">{t(`reviews.status.${version.status}`)}</span>
                        </td>
                        <td>{version.reviews.length === 0 ? t("reviews.col.noReviews") : t("reviews.col.answered", { answered, total: version.reviews.length })}</td>
                        <td>{version.submittedBy.displayName}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
      {selected && <VersionPanel key={selected} id={selected} locale={locale} t={t} viewer={viewer} timeZone={timeZone} refreshQueue={refreshQueue} />}
    </>
  );
}

function ReviewerDesk({ locale, t, viewer, selected, select }: DeskProps) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ReviewQueueQuery });
  const refreshQueue = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const timeZone = viewer.team?.timeZone ?? "Asia/Shanghai";
  return (
    <>
      <section aria-labelledby="desk-queue-title">
        <h2 id="desk-queue-title">{t("reviews.queue.title")}</h2>
        <p className="hint">{t("reviews.timeZone", { timeZone })}</p>
        <QueryState
          result={{ data: data?.reviewQueue, error }}
          t={t}
          empty={{ when: (rows) => rows.length === 0, say: <p data-testid="desk-queue-empty">{t("reviews.queue.empty")}</p> }}
        >
          {(reviewQueue) => (
            <div className="table-scroll">
              <table className="data-table" data-testid="desk-queue" aria-busy={fetching}>
                <caption className="visually-hidden">{t("reviews.queue.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("reviews.col.waited")}</th>
                    <th scope="col">{t("reviews.col.version")}</th>
                    <th scope="col">{t("reviews.col.department")}</th>
                    <th scope="col">{t("reviews.col.requestedAt")}</th>
                    <th scope="col">{t("reviews.col.submittedBy")}</th>
                  </tr>
                </thead>
                <tbody>
                  {reviewQueue.map((review) =>
                    review.version ? (
                      <tr key={review.id} data-version-id={review.version.id} aria-current={review.version.id === selected ? "true" : undefined}>
                        <td>{formatWaited(review.waitedMs, t)}</td>
                        <th scope="row">
                          <VersionLink id={review.version.id} select={select}>
                            {t("reviews.version.number", { number: review.version.number })}
                          </VersionLink>
                        </th>
                        <td>{t(`reviews.department.${review.department}`)}</td>
                        <td>
                          <time dateTime={review.requestedAt}>{formatDateTime(review.requestedAt, locale, timeZone)}</time>
                        </td>
                        <td>{review.version.submittedBy.displayName}</td>
                      </tr>
                    ) : null,
                  )}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
      {selected && <VersionPanel key={selected} id={selected} locale={locale} t={t} viewer={viewer} timeZone={timeZone} refreshQueue={refreshQueue} />}
    </>
  );
}

function VersionLink({ id, select, children }: { id: string; select: (id: string) => void; children: ReactNode }) {
  return (
    <a
      href={`?version=${encodeURIComponent(id)}`}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        select(id);
      }}
    >
      {children}
    </a>
  );
}

const UNDECIDED = new Set(["SUBMITTED", "IN_REVIEW"]);

function VersionPanel({ id, locale, t, viewer, timeZone, refreshQueue }: { id: string; locale: Locale; t: Translate; viewer: Viewer; timeZone: string; refreshQueue: Refresh }) {
  const [result, reexecute] = useQuery({ query: VersionDocumentQuery, variables: { id }, requestPolicy: "cache-and-network" });
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: "network-only" });
    refreshQueue();
  }, [reexecute, refreshQueue]);
  const notFound = (
    <p role="alert" className="notice notice-error">
      {t("reviews.version.notFound")}
    </p>
  );
  return (
    <QueryState result={result} t={t} empty={{ when: (data) => !data.proposalVersion, say: notFound }}>
      {(data) => <VersionView version={data.proposalVersion!} locale={locale} t={t} viewer={viewer} timeZone={timeZone} refresh={refresh} />}
    </QueryState>
  );
}

function VersionView({ version, locale, t, viewer, timeZone, refresh }: { version: DeskVersion; locale: Locale; t: Translate; viewer: Viewer; timeZone: string; refresh: Refresh }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opening a version puts the focus on it, for keyboard and screen-reader users.
  useEffect(() => heading.current?.focus(), []);

  // SOP-5.4: the version just before this one, whose totals managers and analysts may read (reviewers see no other version).
  const previous = version.proposal?.versions.find((candidate) => candidate.number === version.number - 1) ?? null;
  const canDecide = viewer.role === "MANAGER" && UNDECIDED.has(version.status);
  const myReview = viewer.role === "REVIEWER" ? version.reviews.find((review) => review.reviewer.id === viewer.id && review.verdict === null) : undefined;
  const opportunity = version.proposal?.opportunity;

  return (
    <article className="version-document" aria-labelledby="version-title" data-testid="version-document" data-version-id={version.id}>
      <header className="version-header">
        <h2 id="version-title" ref={heading} tabIndex={-1}>
          {opportunity
            ? t("reviews.version.titleWithOpportunity", { number: version.number, opportunity: opportunity.name })
            : t("reviews.version.number", { number: version.number })}
        </h2>
        <dl className="doc-fields doc-fields-inline">
          {opportunity?.lead && (
            <>
              <dt>{t("reviews.version.customer")}</dt>
              <dd>{opportunity.lead.companyName}</dd>
            </>
          )}
          <dt>{t("reviews.col.status")}</dt>
          <dd>
            <span className="badge badge-neutral" data-testid="version-status">
              {t(`reviews.status.${version.status}`)}
            </span>
          </dd>
          <dt>{t("reviews.version.submitted")}</dt>
          <dd>
            {version.submittedBy.displayName} · <time dateTime={version.submittedAt}>{formatDateTime(version.submittedAt, locale, timeZone)}</time>
          </dd>
          {version.decisionNote && (
            <>
              <dt>{t("reviews.version.decisionNote")}</dt>
              <dd>{version.decisionNote}</dd>
            </>
          )}
        </dl>
      </header>
      {notice && (
        <p role={notice.kind === "error" ? "alert" : "status"} className={`notice ${notice.kind === "error" ? "notice-error" : "notice-success"}`} data-testid="desk-notice">
          {notice.text}
        </p>
      )}
      <ReviewsSummary version={version} locale={locale} t={t} timeZone={timeZone} />
      {canDecide && <DecisionForm version={version} t={t} onNotice={setNotice} refresh={refresh} />}
      {myReview && <ReviewForm reviewId={myReview.id} t={t} onNotice={setNotice} refresh={refresh} />}
      <DiffAndDocument version={version} previous={previous} locale={locale} t={t} timeZone={timeZone} />
    </article>
  );
}

function DiffAndDocument({
  version,
  previous,
  locale,
  t,
  timeZone,
}: {
  version: DeskVersion;
  previous: { id: string; number: number } | null;
  locale: Locale;
  t: Translate;
  timeZone: string;
}) {
  // SOP-5.4 the API's diff against the version just before this one, for every role (reviewers included).
  const first = version.number <= 1;
  const [{ data, error }] = useQuery({ query: VersionDiffQuery, variables: { id: version.id }, pause: first });
  // The totals are computed, not in the diff: compared where the viewer may read the previous version.
  const [{ data: previousData, error: previousError }] = useQuery({ query: PreviousTotalsQuery, variables: { id: previous?.id ?? "" }, pause: previous === null });
  const currency = version.content.pricing?.currency ?? "CNY";
  const partDiffs = data?.proposalVersion?.diffFromPrevious;
  const diff = useMemo(() => (partDiffs ? diffViewModel(partDiffs as readonly PartDiff[], { locale, t, currency }) : null), [partDiffs, locale, t, currency]);
  const changed = diff ? [...diff.values()].reduce((sum, part) => sum + part.marks.length, 0) : 0;
  const previousNumber = first ? null : version.number - 1;
  return (
    <>
      <p className="notice" data-testid="diff-summary">
        {previousNumber === null || (data && partDiffs === null)
          ? t("reviews.diff.firstVersion")
          : error || previousError
            ? t("reviews.diff.failed")
            : !diff
              ? t("app.loading")
              : changed === 0
                ? t("reviews.diff.none.since", { number: previousNumber })
                : t("reviews.diff.summary", { number: previousNumber, count: changed })}
      </p>
      <VersionDocument
        version={version}
        locale={locale}
        t={t}
        timeZone={timeZone}
        diff={diff}
        previousNumber={previousNumber}
        previousTotals={previousData?.proposalVersion?.content.pricing?.totals ?? null}
      />
    </>
  );
}

function ReviewsSummary({ version, locale, t, timeZone }: { version: DeskVersion; locale: Locale; t: Translate; timeZone: string }) {
  if (version.reviews.length === 0) return <p className="hint">{t("reviews.reviews.none")}</p>;
  return (
    <table className="data-table doc-table" data-testid="version-reviews">
      <caption>{t("reviews.reviews.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("reviews.col.department")}</th>
          <th scope="col">{t("reviews.reviews.reviewer")}</th>
          <th scope="col">{t("reviews.reviews.verdict")}</th>
          <th scope="col">{t("reviews.reviews.answeredAt")}</th>
        </tr>
      </thead>
      <tbody>
        {version.reviews.map((review) => (
          <tr key={review.id}>
            <th scope="row">{t(`reviews.department.${review.department}`)}</th>
            <td>{review.reviewer.displayName}</td>
            <td>{review.verdict ? t(`reviews.verdict.${review.verdict}`) : t("reviews.reviews.waiting")}</td>
            <td>{review.submittedAt ? <time dateTime={review.submittedAt}>{formatDateTime(review.submittedAt, locale, timeZone)}</time> : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Decision = "APPROVE" | "RETURN_FOR_REVISION" | "REJECT";
const DECISIONS: Decision[] = ["APPROVE", "RETURN_FOR_REVISION", "REJECT"];

/**
 * SOP-5.3 the manager approves, returns for revision or rejects. The note is required unless
 * approving (the API's rule, shown beside the field; the API's own field error is shown as it
 * comes). A version someone else decided first answers CONFLICT: said plainly, then refreshed.
 */
function DecisionForm({ version, t, onNotice, refresh }: { version: DeskVersion; t: Translate; onNotice: (notice: Notice | null) => void; refresh: Refresh }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [{ fetching }, decide] = useMutation(DecideProposalMutation);
  const client = useClient();
  const noteRequired = decision !== null && decision !== "APPROVE";

  async function submit(event: { preventDefault(): void }) {
    event.preventDefault();
    if (!decision) {
      setProblems({ decision: t("reviews.decision.choose") });
      return;
    }
    setProblems({});
    onNotice(null);
    const result = await decide({ id: version.id, decision, note: note.trim() === "" ? null : note });
    if (result.data) {
      onNotice({ kind: "success", text: t(`reviews.decision.done.${decision}`) });
      refresh();
      return;
    }
    const code = errorCode(result.error);
    if (code === "BAD_USER_INPUT") {
      setProblems(fieldProblems(result.error?.graphQLErrors));
      return;
    }
    if (code === "CONFLICT") {
      // Did someone else decide it first, or does the API refuse this decision now (a review still out)?
      const fresh = await client.query(VersionDocumentQuery, { id: version.id }, { requestPolicy: "network-only" }).toPromise();
      const status = fresh.data?.proposalVersion?.status;
      const message = result.error?.graphQLErrors[0]?.message ?? "";
      onNotice({
        kind: "error",
        text: status && !UNDECIDED.has(status) ? t("reviews.decision.conflictDecided", { status: t(`reviews.status.${status}`) }) : t("reviews.decision.conflict", { message }),
      });
      refresh();
      return;
    }
    if (code === "UNAUTHENTICATED") return;
    onNotice({ kind: "error", text: result.error?.networkError ? t("error.network") : t("error.other", { message: result.error?.graphQLErrors[0]?.message ?? "" }) });
  }

  const otherProblems = Object.entries(problems).filter(([field]) => field !== "note" && field !== "decision");
  return (
    <form className="desk-form" onSubmit={submit} noValidate aria-labelledby="decision-title" data-testid="decision-form">
      <h3 id="decision-title">{t("reviews.decision.title")}</h3>
      <fieldset aria-describedby={problems["decision"] ? "decision-problem" : undefined}>
        <legend>{t("reviews.decision.legend")}</legend>
        {DECISIONS.map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" name="decision" value={choice} checked={decision === choice} onChange={() => setDecision(choice)} />
            {t(`reviews.decision.${choice}`)}
          </label>
        ))}
        {problems["decision"] && (
          <p id="decision-problem" className="field-problem">
            {problems["decision"]}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="decision-note">
          {t("reviews.decision.note")} <span className="hint">{noteRequired ? t("reviews.decision.noteRequired") : t("reviews.decision.noteOptional")}</span>
        </label>
        <textarea
          id="decision-note"
          rows={3}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-required={noteRequired}
          aria-invalid={problems["note"] ? true : undefined}
          aria-describedby={problems["note"] ? "decision-note-problem" : undefined}
        />
        {problems["note"] && (
          <p id="decision-note-problem" className="field-problem" data-testid="note-problem">
            {t("reviews.form.fieldProblem", { field: t("reviews.decision.note"), message: problems["note"] })}
          </p>
        )}
      </div>
      {otherProblems.length > 0 && (
        <ul className="field-problem" role="alert">
          {otherProblems.map(([field, message]) => (
            <li key={field}>{t("reviews.form.fieldProblem", { field, message })}</li>
          ))}
        </ul>
      )}
      <button type="submit" className="button-primary" disabled={fetching} aria-busy={fetching}>
        {t("reviews.decision.submit")}
      </button>
    </form>
  );
}

type Verdict = "APPROVE" | "REQUEST_CHANGES";

/** SOP-5.3 a reviewer approves or requests changes, with comments each tied to a part of the proposal. */
function ReviewForm({ reviewId, t, onNotice, refresh }: { reviewId: string; t: Translate; onNotice: (notice: Notice | null) => void; refresh: Refresh }) {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [comments, setComments] = useState<{ part: ProposalPart; text: string }[]>([{ part: "NEEDS_ANALYSIS", text: "" }]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [{ fetching }, submitReview] = useMutation(SubmitReviewMutation);

  async function submit(event: { preventDefault(): void }) {
    event.preventDefault();
    if (!verdict) {
      setProblems({ verdict: t("reviews.review.choose") });
      return;
    }
    setProblems({});
    onNotice(null);
    // An empty row is no comment: what is sent is what the reviewer wrote.
    const written = comments.filter((comment) => comment.text.trim() !== "");
    const result = await submitReview({ reviewId, verdict, comments: written });
    if (result.data) {
      onNotice({ kind: "success", text: t(`reviews.review.done.${verdict}`) });
      refresh();
      return;
    }
    const code = errorCode(result.error);
    if (code === "BAD_USER_INPUT") {
      // The API names comments by their place among those sent; map them back to the rows.
      const sent = comments.map((comment, index) => ({ comment, index })).filter(({ comment }) => comment.text.trim() !== "");
      const mapped: Record<string, string> = {};
      for (const [field, message] of Object.entries(fieldProblems(result.error?.graphQLErrors))) {
        const match = /^comments\[(\d+)\]\.(\w+)$/.exec(field);
        const row = match ? sent[Number(match[1])] : undefined;
        mapped[row ? `comments[${row.index}].${match![2]}` : field] = message;
      }
      setProblems(mapped);
      return;
    }
    if (code === "CONFLICT") {
      onNotice({ kind: "error", text: t("reviews.review.conflict", { message: result.error?.graphQLErrors[0]?.message ?? "" }) });
      refresh();
      return;
    }
    if (code === "UNAUTHENTICATED") return;
    onNotice({ kind: "error", text: result.error?.networkError ? t("error.network") : t("error.other", { message: result.error?.graphQLErrors[0]?.message ?? "" }) });
  }

  const rowFields = /^comments\[\d+\]\.(part|text)$/;
  const otherProblems = Object.entries(problems).filter(([field]) => field !== "verdict" && !rowFields.test(field));
  return (
    <form className="desk-form" onSubmit={submit} noValidate aria-labelledby="review-title" data-testid="review-form">
      <h3 id="review-title">{t("reviews.review.title")}</h3>
      <fieldset aria-describedby={problems["verdict"] ? "verdict-problem" : undefined}>
        <legend>{t("reviews.review.legend")}</legend>
        {(["APPROVE", "REQUEST_CHANGES"] as const).map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" name="verdict" value={choice} checked={verdict === choice} onChange={() => setVerdict(choice)} />
            {t(`reviews.verdict.${choice}`)}
          </label>
        ))}
        {problems["verdict"] && (
          <p id="verdict-problem" className="field-problem">
            {problems["verdict"]}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>{t("reviews.review.comments")}</legend>
        {comments.map((comment, index) => {
          const textProblem = problems[`comments[${index}].text`] ?? problems[`comments[${index}].part`];
          return (
            <div key={index} className="comment-row">
              <div className="field">
                <label htmlFor={`comment-part-${index}`}>{t("reviews.review.commentPart", { n: index + 1 })}</label>
                <select
                  id={`comment-part-${index}`}
                  value={comment.part}
                  onChange={(event) => setComments(comments.map((row, at) => (at === index ? { ...row, part: event.target.value as ProposalPart } : row)))}
                >
                  {PROPOSAL_PARTS.map((part) => (
                    <option key={part} value={part}>
                      {t(`reviews.part.${part}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`comment-text-${index}`}>{t("reviews.review.commentText", { n: index + 1 })}</label>
                <textarea
                  id={`comment-text-${index}`}
                  rows={2}
                  value={comment.text}
                  onChange={(event) => setComments(comments.map((row, at) => (at === index ? { ...row, text: event.target.value } : row)))}
                  aria-invalid={textProblem ? true : undefined}
                  aria-describedby={textProblem ? `comment-problem-${index}` : undefined}
                />
                {textProblem && (
                  <p id={`comment-problem-${index}`} className="field-problem">
                    {textProblem}
                  </p>
                )}
              </div>
              {comments.length > 1 && (
                <button type="button" className="button-secondary" onClick={() => setComments(comments.filter((_, at) => at !== index))}>
                  {t("reviews.review.removeComment", { n: index + 1 })}
                </button>
              )}
            </div>
          );
        })}
        <button type="button" className="button-secondary" onClick={() => setComments([...comments, { part: "NEEDS_ANALYSIS", text: "" }])}>
          {t("reviews.review.addComment")}
        </button>
      </fieldset>
      {otherProblems.length > 0 && (
        <ul className="field-problem" role="alert" data-testid="review-problems">
          {otherProblems.map(([field, message]) => (
            <li key={field}>{t("reviews.form.fieldProblem", { field, message })}</li>
          ))}
        </ul>
      )}
      <button type="submit" className="button-primary" disabled={fetching} aria-busy={fetching}>
        {t("reviews.review.submit")}
      </button>
    </form>
  );
}
