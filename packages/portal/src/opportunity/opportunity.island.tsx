import { useQuery } from "urql";
import { QueryState } from "../components/query-state.tsx";
import { PortalProvider } from "../components/portal-provider.tsx";
import { formatDateTime } from "../format/date-time.ts";
import { formatMoney, type Money } from "../format/money.ts";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { daysAndHours, formatLocalDate } from "../pipeline/pipeline-data.ts";
import { useViewer } from "../session/use-viewer.ts";
import { OpportunityQuery, type OpportunityDetail, type VersionView } from "./opportunity.query.ts";
import { useQueryParameter } from "../components/use-query-parameter.ts";

/**
 * The opportunity page (销售机会), `?id=`: stage history as a timeline with the time spent in
 * each stage, the proposal's versions (each linking to the review desk) and their reviews, the
 * negotiation checklist (SOP-6.2) and the contract or the loss (SOP-6.3). Everything as the API
 * answers it for the viewer: the price floor is shown only when the API returns it.
 */
export default function OpportunityPage({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <OpportunityContent locale={locale} />
    </PortalProvider>
  );
}

function OpportunityContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const { viewer, error } = useViewer();
  const id = useQueryParameter("id");
  return (
    <QueryState result={{ data: id === undefined ? null : viewer, error }} t={t}>
      {() => (id ? <OpportunityLoaded id={id} locale={locale} t={t} /> : <NotFound t={t} />)}
    </QueryState>
  );
}

function NotFound({ t }: { t: Translate }) {
  return (
    <p role="alert" className="notice notice-error">
      {t("opportunity.notFound")}
    </p>
  );
}

function OpportunityLoaded({ id, locale, t }: { id: string; locale: Locale; t: Translate }) {
  const [result] = useQuery({ query: OpportunityQuery, variables: { id } });
  return (
    <QueryState result={result} t={t} empty={{ when: (data) => !data.opportunity, say: <NotFound t={t} /> }}>
      {(data) => <OpportunityView opportunity={data.opportunity!} locale={locale} t={t} />}
    </QueryState>
  );
}

function duration(durationMs: number, t: Translate): string {
  const { days, hours } = daysAndHours(durationMs);
  return t("opportunity.duration", { days, hours });
}

function OpportunityView({ opportunity: o, locale, t }: { opportunity: OpportunityDetail; locale: Locale; t: Translate }) {
  const timeZone = o.team.timeZone;
  const at = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, locale, timeZone)}</time>;
  const versions = o.proposals.flatMap((proposal) => proposal.versions);
  // SOP-6.2 the floor is the API's to show: the frozen one, else the checklist's; never inferred.
  const floor: Money | null = o.priceFloor ?? o.negotiationPrep?.priceFloor ?? null;
  return (
    <div className="opportunity" data-testid="opportunity">
      <p className="opportunity-company">
        {o.lead ? o.lead.companyName : t("pipeline.hiddenLead")}
        {o.lead && <span className="badge">{t(`tier.${o.lead.tier}`)}</span>}
      </p>
      <h2 className="opportunity-name">{o.name}</h2>
      <dl className="facts">
        <div>
          <dt>{t("pipeline.card.stage")}</dt>
          <dd data-testid="opportunity-stage">{t(`pipeline.stage.${o.stage}`)}</dd>
        </div>
        <div>
          <dt>{t("pipeline.card.value")}</dt>
          <dd>{formatMoney(o.estimatedValue, locale)}</dd>
        </div>
        <div>
          <dt>{t("pipeline.card.close")}</dt>
          <dd>
            <time dateTime={o.expectedCloseOn}>{formatLocalDate(o.expectedCloseOn, locale)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("pipeline.card.owner")}</dt>
          <dd>{o.owner.displayName}</dd>
        </div>
        <div>
          <dt>{t("pipeline.filter.team")}</dt>
          <dd>{o.team.name}</dd>
        </div>
      </dl>
      <p className="hint">{t("opportunity.timeZone", { timeZone })}</p>

      <section aria-labelledby="stage-history">
        <h2 id="stage-history">{t("opportunity.history.title")}</h2>
        <ol className="timeline" data-testid="stage-history">
          {o.stageHistory.map((change) => (
            <li key={change.at} className={change.leftAt === null ? "timeline-current" : undefined}>
              <p className="timeline-stage">
                <strong>{t(`pipeline.stage.${change.toStage}`)}</strong>
                {change.leftAt === null && <span className="badge">{t("opportunity.history.current")}</span>}
              </p>
              <p>
                {change.fromStage
                  ? t("opportunity.history.moved", { from: t(`pipeline.stage.${change.fromStage}`), by: change.actor.displayName })
                  : t("opportunity.history.opened", { by: change.actor.displayName })}{" "}
                {at(change.at)}
              </p>
              <p data-testid="time-in-stage">
                {t(change.leftAt === null ? "opportunity.history.inStageSoFar" : "opportunity.history.inStage", { duration: duration(change.durationMs, t) })}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="proposal-versions">
        <h2 id="proposal-versions">{t("opportunity.versions.title")}</h2>
        {versions.length === 0 ? (
          <p>{t("opportunity.versions.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="proposal-versions">
              <caption className="visually-hidden">{t("opportunity.versions.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("opportunity.versions.number")}</th>
                  <th scope="col">{t("opportunity.versions.status")}</th>
                  <th scope="col">{t("opportunity.versions.submitted")}</th>
                  <th scope="col">{t("opportunity.versions.decided")}</th>
                  <th scope="col">{t("opportunity.versions.note")}</th>
                  <th scope="col">{t("opportunity.versions.open")}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((version) => (
                  <tr key={version.id} data-version-id={version.id}>
                    <th scope="row">{t("opportunity.versions.version", { number: version.number })}</th>
                    <td>{t(`opportunity.versionStatus.${version.status}`)}</td>
                    <td>
                      {at(version.submittedAt)} · {version.submittedBy.displayName}
                    </td>
                    <td>{version.decidedAt ? at(version.decidedAt) : ""}</td>
                    <td>{version.decisionNote ?? ""}</td>
                    <td>
                      <a href={localePath(locale, `/reviews/?version=${encodeURIComponent(version.id)}`)}>
                        {t("opportunity.versions.openLink", { number: version.number })}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Reviews versions={versions} t={t} at={at} />

      <section aria-labelledby="negotiation">
        <h2 id="negotiation">{t("opportunity.prep.title")}</h2>
        {o.negotiationPrep ? (
          <div data-testid="negotiation-prep">
            <PrepList title={t("opportunity.prep.goals")} items={o.negotiationPrep.goals} t={t} />
            <PrepList title={t("opportunity.prep.repConcessions")} items={o.negotiationPrep.repConcessions} t={t} />
            <PrepList title={t("opportunity.prep.managerConcessions")} items={o.negotiationPrep.managerConcessions} t={t} />
            <PrepList
              title={t("opportunity.prep.decisionMakers")}
              items={o.negotiationPrep.decisionMakers.map((person) => [person.name, person.title, person.role].filter(Boolean).join(" · "))}
              t={t}
            />
            {o.negotiationPrep.gaps.length > 0 && <PrepList title={t("opportunity.prep.gaps")} items={o.negotiationPrep.gaps} t={t} />}
          </div>
        ) : (
          <p>{t("opportunity.prep.none")}</p>
        )}
        {floor && (
          <p data-testid="price-floor">
            {t("opportunity.prep.floor")}: <strong>{formatMoney(floor, locale)}</strong>
          </p>
        )}
        {o.pendingPriceFloor && (
          <p data-testid="pending-price-floor">
            {t("opportunity.prep.pendingFloor")}: <strong>{formatMoney(o.pendingPriceFloor, locale)}</strong>
          </p>
        )}
      </section>

      <section aria-labelledby="outcome">
        <h2 id="outcome">{t("opportunity.outcome.title")}</h2>
        {o.contract ? (
          <dl className="facts" data-testid="contract">
            <div>
              <dt>{t("opportunity.contract.amount")}</dt>
              <dd>{formatMoney(o.contract.amount, locale)}</dd>
            </div>
            <div>
              <dt>{t("opportunity.contract.signedOn")}</dt>
              <dd>
                <time dateTime={o.contract.signedOn}>{formatLocalDate(o.contract.signedOn, locale)}</time>
              </dd>
            </div>
            <div>
              <dt>{t("opportunity.contract.paymentTerms")}</dt>
              <dd>{o.contract.paymentTerms}</dd>
            </div>
            {o.contract.awaitsApproval && (
              <div>
                <dt>{t("opportunity.contract.approval")}</dt>
                <dd>
                  <span className="badge badge-overdue">{t("opportunity.contract.awaitsApproval")}</span>
                </dd>
              </div>
            )}
          </dl>
        ) : o.lossReason ? (
          <dl className="facts" data-testid="loss">
            <div>
              <dt>{t("opportunity.loss.reason")}</dt>
              <dd data-reason={o.lossReason}>{t(`opportunity.lossReason.${o.lossReason}`)}</dd>
            </div>
            {o.lossNote && (
              <div>
                <dt>{t("opportunity.loss.note")}</dt>
                <dd>{o.lossNote}</dd>
              </div>
            )}
          </dl>
        ) : (
          <p>{t("opportunity.outcome.open")}</p>
        )}
      </section>
    </div>
  );
}

function PrepList({ title, items, t }: { title: string; items: readonly string[]; t: Translate }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="hint">{t("opportunity.prep.empty")}</p>
      ) : (
        <ul>
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Reviews({ versions, t, at }: { versions: VersionView[]; t: Translate; at: (iso: string) => React.ReactElement }) {
  const reviews = versions.flatMap((version) => version.reviews.map((review) => ({ version, review })));
  return (
    <section aria-labelledby="reviews">
      <h2 id="reviews">{t("opportunity.reviews.title")}</h2>
      {reviews.length === 0 ? (
        <p>{t("opportunity.reviews.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="reviews">
            <caption className="visually-hidden">{t("opportunity.reviews.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("opportunity.versions.number")}</th>
                <th scope="col">{t("opportunity.reviews.department")}</th>
                <th scope="col">{t("opportunity.reviews.reviewer")}</th>
                <th scope="col">{t("opportunity.reviews.verdict")}</th>
                <th scope="col">{t("opportunity.reviews.requested")}</th>
                <th scope="col">{t("opportunity.reviews.answered")}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map(({ version, review }) => (
                <tr key={review.id}>
                  <th scope="row">{t("opportunity.versions.version", { number: version.number })}</th>
                  <td>{t(`opportunity.department.${review.department}`)}</td>
                  <td>{review.reviewer.displayName}</td>
                  <td>{review.verdict ? t(`opportunity.verdict.${review.verdict}`) : t("opportunity.verdict.pending")}</td>
                  <td>{at(review.requestedAt)}</td>
                  <td>{review.submittedAt ? at(review.submittedAt) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
