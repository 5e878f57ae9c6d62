import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useQuery } from "urql";
import { QueryState } from "../components/query-state.tsx";
import { PortalProvider } from "../components/portal-provider.tsx";
import { formatDateTime } from "../format/date-time.ts";
import { formatMoney } from "../format/money.ts";
import { usePagedConnection } from "../graphql/use-paged-connection.ts";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { useViewer } from "../session/use-viewer.ts";
import type { Viewer } from "../session/viewer.query.ts";
import {
  EMPTY_FILTER_FORM,
  HISTORY_MAX,
  HISTORY_STEP,
  isKnownAction,
  LEAD_CHANNELS,
  LEAD_STATUSES,
  leadFilterFrom,
  nextHistoryLast,
  searchProblem,
  TIERS,
  type LeadFilterForm,
} from "./leads-data.ts";
import { LeadDetailQuery, LeadOwnersQuery, LeadsQuery, type LeadDetail, type LeadRow } from "./leads.query.ts";
import { useQueryParameter } from "../components/use-query-parameter.ts";

const PAGE_SIZE = 50;

/**
 * The leads screen (销售线索): the list with search and filters and "load more", and one lead
 * (`?id=`) with its assessment, tier reasons, follow-ups and history. Which leads and which
 * contact details come back is the API's decision (an analyst's phones arrive masked).
 */
export default function LeadsScreen({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <LeadsContent locale={locale} />
    </PortalProvider>
  );
}

function LeadsContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  const id = useQueryParameter("id");
  return (
    <QueryState result={{ data: id === undefined ? null : viewer, error }} t={t}>
      {(viewer) => (id ? <LeadDetailLoader id={id} locale={locale} t={t} /> : <LeadList locale={locale} t={t} viewer={viewer} />)}
    </QueryState>
  );
}

/* ----------------------------------------------------------------------------- the list */

function LeadList({ locale, t, viewer }: { locale: Locale; t: Translate; viewer: Viewer }) {
  const [form, setForm] = useState<LeadFilterForm>(EMPTY_FILTER_FORM);
  const [applied, setApplied] = useState<LeadFilterForm>(EMPTY_FILTER_FORM);
  const problem = searchProblem(form.search);
  const formId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    setApplied(form);
  };
  const set = (field: keyof LeadFilterForm) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });

  return (
    <>
      <form className="lead-filters" role="search" aria-label={t("leads.filters")} onSubmit={submit} noValidate>
        <div className="field field-search">
          <label htmlFor={`${formId}-search`}>{t("leads.filter.search")}</label>
          <input
            id={`${formId}-search`}
            type="search"
            value={form.search}
            onChange={set("search")}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${formId}-search-hint`}
          />
          <span id={`${formId}-search-hint`} className={problem ? "field-error" : "hint"}>
            {problem === "tooShort" ? t("leads.filter.searchTooShort") : problem === "tooLong" ? t("leads.filter.searchTooLong") : t("leads.filter.searchHint")}
          </span>
        </div>
        <Select id={`${formId}-status`} label={t("leads.filter.status")} all={t("leads.filter.all")} value={form.status} onChange={set("status")}
          options={LEAD_STATUSES.map((status) => [status, t(`leads.status.${status}`)])} />
        <Select id={`${formId}-tier`} label={t("leads.filter.tier")} all={t("leads.filter.all")} value={form.tier} onChange={set("tier")}
          options={TIERS.map((tier) => [tier, t(`tier.${tier}`)])} />
        <Select id={`${formId}-channel`} label={t("leads.filter.channel")} all={t("leads.filter.all")} value={form.channel} onChange={set("channel")}
          options={LEAD_CHANNELS.map((channel) => [channel, t(`leads.channel.${channel}`)])} />
        {viewer.role !== "REP" && <OwnerSelect id={`${formId}-owner`} t={t} viewer={viewer} value={form.ownerId} onChange={set("ownerId")} />}
        <div className="field">
          <label htmlFor={`${formId}-province`}>{t("leads.filter.province")}</label>
          <input id={`${formId}-province`} type="text" value={form.province} onChange={set("province")} />
        </div>
        <div className="actions">
          <button type="submit" className="button-primary">
            {t("leads.filter.apply")}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setForm(EMPTY_FILTER_FORM);
              setApplied(EMPTY_FILTER_FORM);
            }}
          >
            {t("leads.filter.clear")}
          </button>
        </div>
      </form>
      <LeadTable locale={locale} t={t} form={applied} />
    </>
  );
}

function Select(props: { id: string; label: string; all: string; value: string; onChange: (event: { target: { value: string } }) => void; options: [string, string][] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={props.onChange}>
        <option value="">{props.all}</option>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A manager narrows to a rep of the team; analysts and admins to any rep. */
function OwnerSelect({ id, t, viewer, value, onChange }: { id: string; t: Translate; viewer: Viewer; value: string; onChange: (event: { target: { value: string } }) => void }) {
  const [{ data }] = useQuery({ query: LeadOwnersQuery, variables: { teamId: viewer.team?.id ?? null } });
  return (
    <Select id={id} label={t("leads.filter.owner")} all={t("leads.filter.all")} value={value} onChange={onChange}
      options={(data?.users ?? []).map((user) => [user.id, user.displayName])} />
  );
}

function LeadTable({ locale, t, form }: { locale: Locale; t: Translate; form: LeadFilterForm }) {
  const leads = usePagedConnection(LeadsQuery, { first: PAGE_SIZE, filter: leadFilterFrom(form) }, (data) => data.leads);
  const status = useRef<HTMLParagraphElement>(null);
  const [loadedMore, setLoadedMore] = useState(false);

  // The button goes away with the last page: put the focus on the count it leaves behind.
  useEffect(() => {
    if (loadedMore && !leads.fetching && !leads.hasNextPage) status.current?.focus();
  }, [loadedMore, leads.fetching, leads.hasNextPage]);

  return (
    <QueryState result={{ data: leads.nodes, error: leads.error }} t={t}>
      {(nodes) => (
        <>
          {nodes.length === 0 ? (
            <p>{t("leads.empty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="lead-list">
                <caption className="visually-hidden">{t("leads.list.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("leads.col.company")}</th>
                    <th scope="col">{t("leads.col.contact")}</th>
                    <th scope="col">{t("leads.col.phone")}</th>
                    <th scope="col">{t("leads.col.tier")}</th>
                    <th scope="col">{t("leads.col.status")}</th>
                    <th scope="col">{t("leads.col.channel")}</th>
                    <th scope="col">{t("leads.col.province")}</th>
                    <th scope="col">{t("leads.col.owner")}</th>
                    <th scope="col">{t("leads.col.created")}</th>
                  </tr>
                </thead>
                <tbody>
                  {nodes.map((lead) => (
                    <LeadListRow key={lead.id} lead={lead} locale={locale} t={t} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="table-status" ref={status} tabIndex={-1} aria-live="polite" data-testid="lead-status">
            {leads.totalCount !== undefined && t("leads.shown", { shown: nodes.length, total: leads.totalCount })}
          </p>
          {leads.hasNextPage && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setLoadedMore(true);
                leads.loadMore();
              }}
              disabled={leads.fetching}
              aria-busy={leads.fetching}
            >
              {t("leads.loadMore")}
            </button>
          )}
        </>
      )}
    </QueryState>
  );
}

function LeadListRow({ lead, locale, t }: { lead: LeadRow; locale: Locale; t: Translate }) {
  return (
    <tr data-lead-id={lead.id}>
      <th scope="row">
        <a href={`${localePath(locale, "/leads/")}?id=${encodeURIComponent(lead.id)}`}>{lead.companyName}</a>
      </th>
      <td>{lead.contactName}</td>
      <td data-testid="lead-phone">{lead.phone ?? ""}</td>
      <td>{t(`tier.${lead.tier}`)}</td>
      <td>{t(`leads.status.${lead.status}`)}</td>
      <td>{t(`leads.channel.${lead.channel}`)}</td>
      <td>{lead.province ?? ""}</td>
      <td>{lead.owner.displayName}</td>
      <td>
        <time dateTime={lead.createdAt}>{formatDateTime(lead.createdAt, locale, lead.team.timeZone)}</time>
      </td>
    </tr>
  );
}

/* ----------------------------------------------------------------------------- one lead */

function LeadDetailLoader({ id, locale, t }: { id: string; locale: Locale; t: Translate }) {
  const [historyLast, setHistoryLast] = useState(HISTORY_STEP);
  const [{ data, error, fetching }] = useQuery({ query: LeadDetailQuery, variables: { id, historyLast } });
  // Keep the lead on screen while "show more" fetches the longer history.
  const shown = useRef<LeadDetail | null>(null);
  if (data?.lead) shown.current = data.lead;
  const back = (
    <p>
      <a href={localePath(locale, "/leads/")}>{t("leads.back")}</a>
    </p>
  );
  if (data && !data.lead) return <>{back}<p role="alert" className="notice notice-error">{t("leads.notFound")}</p></>;
  return (
    <>
      {back}
      <QueryState result={{ data: shown.current, error }} t={t}>
        {(lead) => <LeadDetailView lead={lead} locale={locale} t={t} fetching={fetching} onShowMore={(last) => setHistoryLast(last)} />}
      </QueryState>
    </>
  );
}

function LeadDetailView({ lead, locale, t, fetching, onShowMore }: { lead: LeadDetail; locale: Locale; t: Translate; fetching: boolean; onShowMore: (last: number) => void }) {
  const timeZone = lead.team.timeZone;
  const at = (iso: string | null | undefined) => (iso ? <time dateTime={iso}>{formatDateTime(iso, locale, timeZone)}</time> : t("leads.none"));
  const text = (value: string | null | undefined) => value || t("leads.none");
  const a = lead.latestAssessment;
  return (
    <article className="lead-detail" data-testid="lead-detail" aria-labelledby="lead-name">
      <h2 id="lead-name">{lead.companyName}</h2>
      <p className="hint">{t("leads.timeZone", { timeZone })}</p>
      <dl className="lead-facts">
        <Fact label={t("leads.col.contact")} value={lead.contactName} />
        <Fact label={t("leads.field.contactTitle")} value={text(lead.contactTitle)} />
        <Fact label={t("leads.col.phone")} value={text(lead.phone)} testId="detail-phone" />
        <Fact label={t("leads.field.email")} value={text(lead.email)} testId="detail-email" />
        <Fact label={t("leads.field.wechatId")} value={text(lead.wechatId)} />
        <Fact label={t("leads.col.province")} value={[lead.province, lead.city].filter(Boolean).join(" ") || t("leads.none")} />
        <Fact label={t("leads.col.channel")} value={t(`leads.channel.${lead.channel}`)} />
        <Fact label={t("leads.field.sourceDetail")} value={text(lead.sourceDetail)} />
        {lead.referredBy && <Fact label={t("leads.field.referredBy")} value={lead.referredBy} />}
        <Fact label={t("leads.col.status")} value={t(`leads.status.${lead.status}`)} />
        {lead.disqualifiedReason && <Fact label={t("leads.field.disqualifiedReason")} value={lead.disqualifiedReason} />}
        <Fact label={t("leads.field.companySize")} value={lead.companySize ? t(`leads.companySize.${lead.companySize}`) : t("leads.none")} />
        <Fact label={t("leads.field.businessScope")} value={text(lead.businessScope)} />
        <Fact label={t("leads.field.currentProduct")} value={text(lead.currentProduct)} />
        <Fact label={t("leads.col.owner")} value={t("leads.ownerTeam", { owner: lead.owner.displayName, team: lead.team.name })} />
        <Fact label={t("leads.col.created")} value={at(lead.createdAt)} />
        {lead.collectedOn && <Fact label={t("leads.field.collectedOn")} value={<time dateTime={lead.collectedOn}>{lead.collectedOn}</time>} />}
      </dl>

      {/* SOP-2.1–2.6: the dimensions, the tier they compute, a manager's override and why. */}
      <section aria-labelledby="lead-assessment" data-testid="lead-assessment">
        <h2 id="lead-assessment">{t("leads.assessment.title")}</h2>
        <dl className="lead-facts">
          <Fact label={t("leads.assessment.tier")} value={t(`tier.${lead.tier}`)} testId="detail-tier" />
          <Fact label={t("leads.assessment.computedTier")} value={t(`tier.${lead.computedTier}`)} />
          {lead.tierOverride && (
            <Fact label={t("leads.assessment.override")} value={t("leads.assessment.overrideValue", { tier: t(`tier.${lead.tierOverride}`), reason: lead.tierOverrideReason ?? "" })} />
          )}
          {a && <Fact label={t("leads.assessment.needUrgency")} value={t(`leads.rating.${a.needUrgency}`)} />}
          {a && (
            <Fact
              label={t("leads.assessment.budget")}
              value={
                a.budgetAmount && a.budgetCurrency
                  ? t("leads.assessment.budgetValue", { rating: t(`leads.rating.${a.budget}`), amount: formatMoney({ amount: a.budgetAmount, currency: a.budgetCurrency }, locale) })
                  : t(`leads.rating.${a.budget}`)
              }
            />
          )}
          {a && <Fact label={t("leads.assessment.decisionAuthority")} value={t(`leads.rating.${a.decisionAuthority}`)} />}
          {a && <Fact label={t("leads.assessment.assessedAt")} value={at(a.assessedAt)} />}
          {a?.note && <Fact label={t("leads.assessment.note")} value={a.note} />}
        </dl>
        {!a && <p>{t("leads.assessment.none")}</p>}
        {lead.tierOverrideDisputed && <p className="notice notice-warning">{t("leads.assessment.disputed")}</p>}
        {lead.assessmentIncomplete && <p className="notice">{t("leads.assessment.incomplete")}</p>}
        {lead.needsReassessment && <p className="notice notice-warning">{t("leads.assessment.needsReassessment")}</p>}
        <h3>{t("leads.assessment.reasons")}</h3>
        {lead.tierReasons.length === 0 ? (
          <p>{t("leads.none")}</p>
        ) : (
          <ul className="tier-reasons" data-testid="tier-reasons">
            {lead.tierReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </section>

      {/* SOP-3.1–3.6: the first-contact deadline in force, the contacts so far, the next follow-up. */}
      <section aria-labelledby="lead-follow-ups" data-testid="lead-follow-ups">
        <h2 id="lead-follow-ups">{t("leads.followUps.title")}</h2>
        <dl className="lead-facts">
          <Fact label={t("leads.followUps.firstContactDue")} value={at(lead.firstContactDueAt)} />
          <Fact label={t("leads.followUps.firstContactAt")} value={at(lead.firstContactAt)} />
          <Fact label={t("leads.followUps.lastContactAt")} value={at(lead.lastContactAt)} />
        </dl>
        {lead.nextFollowUp ? (
          <p data-testid="next-follow-up">
            {t("leads.followUps.next", {
              due: formatDateTime(lead.nextFollowUp.dueAt, locale, timeZone),
              kind: t(`followUpKind.${lead.nextFollowUp.kind}`),
              channel: t(`channel.${lead.nextFollowUp.channel}`),
              owner: lead.nextFollowUp.owner.displayName,
            })}{" "}
            {lead.nextFollowUp.isOverdue && <span className="badge badge-overdue">{t("bucket.OVERDUE")}</span>}
          </p>
        ) : (
          <p data-testid="next-follow-up">{t("leads.followUps.noneOpen")}</p>
        )}
      </section>

      <LeadHistory lead={lead} locale={locale} t={t} fetching={fetching} onShowMore={onShowMore} />
    </article>
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function LeadHistory({ lead, locale, t, fetching, onShowMore }: { lead: LeadDetail; locale: Locale; t: Translate; fetching: boolean; onShowMore: (last: number) => void }) {
  const status = useRef<HTMLParagraphElement>(null);
  const [askedMore, setAskedMore] = useState(false);
  const next = nextHistoryLast(lead.history.length, lead.historyCount);
  useEffect(() => {
    if (askedMore && !fetching && next === null) status.current?.focus();
  }, [askedMore, fetching, next]);
  // Newest first reads best in a history; the API gives the newest N oldest first.
  const entries = [...lead.history].reverse();
  return (
    <section aria-labelledby="lead-history">
      <h2 id="lead-history">{t("leads.history.title")}</h2>
      {entries.length === 0 ? (
        <p>{t("leads.history.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="lead-history">
            <caption className="visually-hidden">{t("leads.history.caption", { company: lead.companyName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("leads.history.at")}</th>
                <th scope="col">{t("leads.history.action")}</th>
                <th scope="col">{t("leads.history.actor")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-event-id={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, locale, lead.team.timeZone)}</time>
                  </td>
                  <td>{isKnownAction(entry.action) ? t(`leads.action.${entry.action}`) : entry.action}</td>
                  <td>{entry.actor?.displayName ?? t("leads.history.system")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="table-status" ref={status} tabIndex={-1} aria-live="polite" data-testid="history-status">
        {t("leads.history.shown", { shown: lead.history.length, total: lead.historyCount })}
        {lead.historyCount > HISTORY_MAX && ` ${t("leads.history.bound", { max: HISTORY_MAX })}`}
      </p>
      {next !== null && (
        <button
          type="button"
          className="button-secondary"
          disabled={fetching}
          aria-busy={fetching}
          onClick={() => {
            setAskedMore(true);
            onShowMore(next);
          }}
        >
          {t("leads.history.showMore")}
        </button>
      )}
    </section>
  );
}
