import { graphql, type ResultOf } from "../graphql/graphql.ts";

/*
 * The eight reports of the reports issue (issue 9), one query each so every section loads on
 * its own and stays far inside the API's cost limit. No teamId or ownerId: the API scopes a
 * rep's reports to their own work, a manager's to their team, an analyst's to every team. Every
 * figure carries its `drill`, handed back to reportLeads / reportOpportunities.
 */

export const FunnelQuery = graphql(`
  query ReportFunnel($from: LocalDate!, $to: LocalDate!, $view: FunnelView!) {
    pipelineFunnel(from: $from, to: $to, view: $view) {
      view
      total { tier channel steps { step count drill conversionFromPrevious { numerator denominator value } } leadToWon { numerator denominator value } }
      byTier { tier channel steps { step count drill conversionFromPrevious { numerator denominator value } } leadToWon { numerator denominator value } }
      byChannel { tier channel steps { step count drill conversionFromPrevious { numerator denominator value } } leadToWon { numerator denominator value } }
    }
  }
`);
export type FunnelReport = ResultOf<typeof FunnelQuery>["pipelineFunnel"];

export const WinLossQuery = graphql(`
  query ReportWinLoss($from: LocalDate!, $to: LocalDate!) {
    winLoss(from: $from, to: $to) {
      won { count drill amount { amount currency } }
      lost { count drill amount { amount currency } }
      winRate { numerator denominator value }
      winRateByValue { currency value numerator { amount currency } denominator { amount currency } }
      lossReasons { reason count drill share { value } amount { amount currency } }
      averageDiscount { deals drill discount { currency value } }
      belowFloor { count drill }
    }
  }
`);
export type WinLossReport = ResultOf<typeof WinLossQuery>["winLoss"];

export const VelocityQuery = graphql(`
  query ReportVelocity($from: LocalDate!, $to: LocalDate!) {
    pipelineVelocity(from: $from, to: $to) {
      total { daysInStage { stage stays drill medianDays p90Days } openOpportunities { count drill } salesCycle { deals drill medianDays p90Days } velocity { winRate { numerator denominator value } byCurrency { currency perDay { amount currency } } } }
      byRep(first: 100) { rep { id displayName } daysInStage { stage stays drill medianDays p90Days } openOpportunities { count drill } salesCycle { deals drill medianDays p90Days } velocity { winRate { numerator denominator value } byCurrency { currency perDay { amount currency } } } }
    }
  }
`);
export type VelocityReport = ResultOf<typeof VelocityQuery>["pipelineVelocity"];

export const ForecastQuery = graphql(`
  query ReportForecast($months: Int!) {
    pipelineForecast(months: $months) {
      byMonth { month count drill total { amount currency } weighted { amount currency } }
      closeDatePassed { count drill total { amount currency } }
    }
  }
`);
export type ForecastReport = ResultOf<typeof ForecastQuery>["pipelineForecast"];

export const ChangesQuery = graphql(`
  query ReportChanges($since: DateTime!) {
    pipelineChanges(since: $since, first: 1) {
      since
      summary { kind count opportunities drill }
    }
  }
`);
export type ChangesReport = ResultOf<typeof ChangesQuery>["pipelineChanges"];

export const RisksQuery = graphql(`
  query ReportRisks {
    pipelineRisks(first: 1) {
      stalled { totalCount drill }
      reviewsWaiting { totalCount drill }
      decisionsWaiting { totalCount drill }
      closeDatePassed { totalCount drill }
    }
  }
`);
export type RisksReport = ResultOf<typeof RisksQuery>["pipelineRisks"];

export const DisciplineQuery = graphql(`
  query ReportDiscipline($from: LocalDate!, $to: LocalDate!) {
    followUpDiscipline(from: $from, to: $to, first: 200) {
      total { tier doneOnTime { count drill } doneLate { count drill } missed { count drill } stillOpen { count drill } overdueNow { count drill } unattended { count drill } firstContactSla { numerator denominator value numeratorDrill denominatorDrill } }
      byTier { tier doneOnTime { count drill } doneLate { count drill } missed { count drill } stillOpen { count drill } overdueNow { count drill } unattended { count drill } firstContactSla { numerator denominator value numeratorDrill denominatorDrill } }
      reps { nodes { rep { id displayName } total { tier doneOnTime { count drill } doneLate { count drill } missed { count drill } stillOpen { count drill } overdueNow { count drill } unattended { count drill } firstContactSla { numerator denominator value numeratorDrill denominatorDrill } } } }
    }
  }
`);
export type DisciplineReport = ResultOf<typeof DisciplineQuery>["followUpDiscipline"];

export const ScorecardQuery = graphql(`
  query ReportScorecard($from: LocalDate!, $to: LocalDate!) {
    repScorecard(from: $from, to: $to, first: 200) {
      reps {
        nodes {
          rep { id displayName }
          leadsOwned { tier count drill }
          firstContactRate { numerator denominator value numeratorDrill }
          overdueNow { count drill }
          openPipeline { drill amounts { amount currency } }
          weightedForecast { drill amounts { amount currency } }
          wonValue { drill amounts { amount currency } }
          winRate { numerator denominator value numeratorDrill }
        }
      }
    }
  }
`);
export type ScorecardReport = ResultOf<typeof ScorecardQuery>["repScorecard"];

/** The leads behind a figure, a page at a time, seen with the viewer's own visibility. */
export const DrillLeadsQuery = graphql(`
  query ReportDrillLeads($drill: String!, $first: Int!, $after: String) {
    reportLeads(drill: $drill, first: $first, after: $after) {
      edges { node { id companyName tier channel status owner { id displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
export type DrillLead = ResultOf<typeof DrillLeadsQuery>["reportLeads"]["edges"][number]["node"];

/** The opportunities behind a figure. */
export const DrillOpportunitiesQuery = graphql(`
  query ReportDrillOpportunities($drill: String!, $first: Int!, $after: String) {
    reportOpportunities(drill: $drill, first: $first, after: $after) {
      edges { node { id name stage expectedCloseOn estimatedValue { amount currency } owner { id displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
export type DrillOpportunity = ResultOf<typeof DrillOpportunitiesQuery>["reportOpportunities"]["edges"][number]["node"];
