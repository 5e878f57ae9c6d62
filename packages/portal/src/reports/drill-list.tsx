import { QueryState } from "../components/query-state.tsx";
import { formatMoney } from "../format/money.ts";
import { usePagedConnection, type PagedConnection } from "../graphql/use-paged-connection.ts";
import type { Locale } from "../i18n/locales.ts";
import type { Translate } from "../i18n/translate.ts";
import type { Drill } from "./report-shaping.ts";
import { DrillLeadsQuery, DrillOpportunitiesQuery, type DrillLead, type DrillOpportunity } from "./reports.query.ts";

const PAGE_SIZE = 50;

/** The rows behind a figure, from reportLeads or reportOpportunities, 50 at a time with "load more". */
export function DrillList({ drill, locale, t, caption }: { drill: Drill; locale: Locale; t: Translate; caption: string }) {
  return drill.kind === "leads" ? <LeadRows drill={drill} t={t} caption={caption} /> : <OpportunityRows drill={drill} locale={locale} t={t} caption={caption} />;
}

function LeadRows({ drill, t, caption }: { drill: Drill; t: Translate; caption: string }) {
  const page = usePagedConnection(DrillLeadsQuery, { drill: drill.token, first: PAGE_SIZE }, (data) => data.reportLeads);
  return (
    <Paged page={page} t={t}>
      {(nodes: DrillLead[]) => (
        <table className="data-table" data-testid="drill-rows" data-drill-kind="leads">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.drill.company")}</th>
              <th scope="col">{t("reports.col.tier")}</th>
              <th scope="col">{t("reports.col.channel")}</th>
              <th scope="col">{t("reports.drill.status")}</th>
              <th scope="col">{t("reports.col.rep")}</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((lead) => (
              <tr key={lead.id} data-id={lead.id}>
                <th scope="row">{lead.companyName}</th>
                <td>{t(`tier.${lead.tier}`)}</td>
                <td>{t(`reports.leadChannel.${lead.channel}`)}</td>
                <td>{t(`reports.leadStatus.${lead.status}`)}</td>
                <td>{lead.owner.displayName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Paged>
  );
}

function OpportunityRows({ drill, locale, t, caption }: { drill: Drill; locale: Locale; t: Translate; caption: string }) {
  const page = usePagedConnection(DrillOpportunitiesQuery, { drill: drill.token, first: PAGE_SIZE }, (data) => data.reportOpportunities);
  return (
    <Paged page={page} t={t}>
      {(nodes: DrillOpportunity[]) => (
        <table className="data-table" data-testid="drill-rows" data-drill-kind="opportunities">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.drill.opportunity")}</th>
              <th scope="col">{t("reports.col.stage")}</th>
              <th scope="col">{t("reports.drill.value")}</th>
              <th scope="col">{t("reports.drill.expectedClose")}</th>
              <th scope="col">{t("reports.col.rep")}</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((opportunity) => (
              <tr key={opportunity.id} data-id={opportunity.id}>
                <th scope="row">{opportunity.name}</th>
                <td>{t(`reports.stage.${opportunity.stage}`)}</td>
                <td className="figure">{formatMoney(opportunity.estimatedValue, locale)}</td>
                {/* A LocalDate: a calendar date, shown as it is. */}
                <td>{opportunity.expectedCloseOn}</td>
                <td>{opportunity.owner.displayName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Paged>
  );
}

function Paged<Node>({ page, t, children }: { page: PagedConnection<Node>; t: Translate; children(nodes: Node[]): React.ReactNode }) {
  return (
    <QueryState result={{ data: page.nodes, error: page.error }} t={t}>
      {(nodes) => (
        <>
          {nodes.length === 0 ? <p>{t("reports.drill.empty")}</p> : <div className="table-scroll">{children(nodes)}</div>}
          <p className="table-status" aria-live="polite" data-testid="drill-status">
            {t("reports.drill.shown", { shown: nodes.length })}
          </p>
          {page.hasNextPage && (
            <button type="button" className="button-secondary" onClick={page.loadMore} disabled={page.fetching} aria-busy={page.fetching}>
              {t("reports.drill.loadMore")}
            </button>
          )}
        </>
      )}
    </QueryState>
  );
}
