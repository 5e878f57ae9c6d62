import { useId, useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { LoadingBlock, QueryState } from "../components/query-state.tsx";
import { formatDateTime } from "../format/date-time.ts";
import type { Locale } from "../i18n/locales.ts";
import type { Translate } from "../i18n/translate.ts";
import { FirstContactSlaQuery, type FirstContactSlaReport, type SlaCounts } from "./first-contact-sla.query.ts";
import { defaultSlaPeriod, onTimeShare, slaInstants, validSlaPeriod, type SlaPeriod } from "./sla-period.ts";

/** Two captions, the tier table (header, three tiers, total) and a rep table of a few reps. */
const SLA_LOADING_ROWS = 14;

/**
 * SOP-3.6 the first-contact SLA (SOP-3.1–3.3 deadlines) of a team for a period a manager picks:
 * per tier and per rep, as accessible tables. The counts are the API's; the page only divides
 * on time by due for the share.
 */
export function FirstContactSla({ locale, t, teamId, timeZone }: { locale: Locale; t: Translate; teamId: string; timeZone: string }) {
  const [draft, setDraft] = useState<SlaPeriod>(() => defaultSlaPeriod(timeZone));
  const [period, setPeriod] = useState<SlaPeriod>(draft);
  const draftValid = validSlaPeriod(draft);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draftValid) setPeriod(draft);
  };
  return (
    <section className="sla" aria-labelledby={`${id}-title`} data-testid="first-contact-sla">
      <h2 id={`${id}-title`}>{t("followUpsTeam.sla.title")}</h2>
      <form className="sla-period" onSubmit={submit} noValidate aria-label={t("followUpsTeam.sla.period")}>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t("followUpsTeam.sla.from")}</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} aria-invalid={draftValid ? undefined : true} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t("followUpsTeam.sla.to")}</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} aria-invalid={draftValid ? undefined : true} />
        </div>
        <button type="submit" className="button-primary">
          {t("followUpsTeam.sla.show")}
        </button>
        {!draftValid && (
          <p role="alert" className="field-error">
            {t("followUpsTeam.sla.invalidPeriod")}
          </p>
        )}
      </form>
      <SlaTables key={`${teamId} ${period.from} ${period.to}`} locale={locale} t={t} teamId={teamId} timeZone={timeZone} period={period} />
    </section>
  );
}

function SlaTables({ locale, t, teamId, timeZone, period }: { locale: Locale; t: Translate; teamId: string; timeZone: string; period: SlaPeriod }) {
  const [result] = useQuery({ query: FirstContactSlaQuery, variables: { teamId, ...slaInstants(period, timeZone) } });
  return (
    <QueryState result={result} t={t} loading={<LoadingBlock t={t} rows={SLA_LOADING_ROWS} />}>
      {(data) => <SlaReport report={data.firstContactSla} locale={locale} t={t} timeZone={timeZone} period={period} />}
    </QueryState>
  );
}

function SlaReport({ report, locale, t, timeZone, period }: { report: FirstContactSlaReport; locale: Locale; t: Translate; timeZone: string; period: SlaPeriod }) {
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const cells = (counts: SlaCounts) => {
    const share = onTimeShare(counts);
    return (
      <>
        <td className="numeric">{counts.due}</td>
        <td className="numeric">{counts.contactedOnTime}</td>
        <td className="numeric">{counts.contactedLate}</td>
        <td className="numeric">{counts.stillOpen}</td>
        <td className="numeric">{counts.stillOpenOverdue}</td>
        <td className="numeric">{counts.missed}</td>
        <td className="numeric">{share === null ? t("followUpsTeam.sla.noneDue") : percent.format(share)}</td>
      </>
    );
  };
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t("followUpsTeam.sla.col.due")}</th>
        <th scope="col">{t("followUpsTeam.sla.col.onTime")}</th>
        <th scope="col">{t("followUpsTeam.sla.col.late")}</th>
        <th scope="col">{t("followUpsTeam.sla.col.stillOpen")}</th>
        <th scope="col">{t("followUpsTeam.sla.col.stillOpenOverdue")}</th>
        <th scope="col">{t("followUpsTeam.sla.col.missed")}</th>
        <th scope="col">{t("followUpsTeam.sla.col.share")}</th>
      </tr>
    </thead>
  );
  const range = t("followUpsTeam.sla.range", { from: period.from, to: period.to });
  return (
    <>
      <p className="hint" data-testid="sla-as-of">
        {t("followUpsTeam.sla.asOf", { asOf: formatDateTime(report.asOf, locale, timeZone), timeZone })}
      </p>
      <div className="table-scroll">
        <table className="data-table" data-testid="sla-by-tier">
          <caption>{t("followUpsTeam.sla.byTier", { range })}</caption>
          {head(t("followUpsTeam.sla.col.tier"))}
          <tbody>
            {report.byTier.map((row) => (
              <tr key={row.tier} data-tier={row.tier}>
                <th scope="row">{t(`tier.${row.tier}`)}</th>
                {cells(row)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-tier="total">
              <th scope="row">{t("followUpsTeam.sla.total")}</th>
              {cells(report.totals)}
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="table-scroll">
        <table className="data-table" data-testid="sla-by-rep">
          <caption>{t("followUpsTeam.sla.byRep", { range })}</caption>
          {head(t("followUpsTeam.sla.col.rep"))}
          <tbody>
            {report.byRep.length === 0 ? (
              <tr>
                <td colSpan={8}>{t("followUpsTeam.sla.noReps")}</td>
              </tr>
            ) : (
              report.byRep.map((row) => (
                <tr key={row.rep.id} data-rep-id={row.rep.id}>
                  <th scope="row">{row.rep.displayName}</th>
                  {cells(row)}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
