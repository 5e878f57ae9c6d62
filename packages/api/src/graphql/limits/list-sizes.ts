import { MAX_INSTALMENTS, MAX_PAYMENT_OPTIONS, MAX_PRICE_LINES, PROPOSAL_LIST_MAX_ITEMS } from "@sales/domain";
import { SLA_MISSED_LIST_LIMIT } from "../../follow-ups/first-contact-sla.service.ts";
import { MAX_IMPORT_ROWS } from "../../imports/import.service.ts";

/**
 * How many items each list of objects in the schema may return, for the cost analysis (issue 10,
 * finding 2). Every list field of an object type has an entry; a schema test fails when one is
 * missing, so a new list cannot slip past the cost limit.
 *
 * - `argument`: the field's own page-size argument (its value, or its default), which the
 *   resolver bounds;
 * - `enclosingArgument`: the page size of the nearest enclosing field that has this argument
 *   (a connection's `edges` are as many as the `first` of the field that returned it);
 * - `enclosingListArgument`: one item per element of a list argument of the nearest enclosing
 *   field that has it (an import's results, one per row sent), at most `longest` (what the
 *   resolver accepts, and the size when the argument's length is not known);
 * - `atMost`: a fixed bound, either what the domain allows (three tiers, six proposal parts) or
 *   a generous estimate for rows people add one by one (a lead's opportunities).
 */
export type ListSize = { argument: string } | { enclosingArgument: string } | { enclosingListArgument: string; longest: number } | { atMost: number };

/** Reports list at most one row per team; few companies run more. */
const TEAMS: ListSize = { atMost: 50 };
/** Amounts are per currency, never converted. */
const CURRENCIES: ListSize = { atMost: 5 };
const TIERS: ListSize = { atMost: 3 };
const PIPELINE_STAGES: ListSize = { atMost: 7 };
const PROPOSAL_LIST: ListSize = { atMost: PROPOSAL_LIST_MAX_ITEMS };
const PAGE: ListSize = { enclosingArgument: "first" };

/**
 * Objects made in memory as part of their parent's answer, never read on their own: they cost
 * nothing themselves, though a list of them still multiplies what is selected under it (a
 * possible duplicate's `lead` is read, and counts). Without this an import's 5,000 row results
 * with their field errors would be priced as if each error were a row read.
 */
export const VALUE_TYPES: ReadonlySet<string> = new Set(["ImportRowResult", "ImportFieldError", "DuplicateMatch", "Money"]);

export const LIST_SIZES: Readonly<Record<string, ListSize>> = {
  "Query.teams": { argument: "first" },
  "Query.users": { argument: "first" },
  "Query.apiTokens": { argument: "first" },
  "Query.opportunitySuggestions": { argument: "first" },
  "Query.reviewQueue": { argument: "first" },
  "Query.pendingDecisions": { argument: "first" },
  "Mutation.startReview": { atMost: 10 },

  "Lead.possibleDuplicates": { argument: "first" },
  "Lead.history": { argument: "last" },
  "Lead.opportunities": { atMost: 10 },
  "Opportunity.history": { argument: "last" },
  "Opportunity.proposals": { atMost: 10 },
  "Opportunity.pendingReviews": { atMost: 10 },
  "Opportunity.stageHistory": { atMost: 30 },
  "Proposal.versions": { argument: "last" },
  "Proposal.missingParts": { atMost: 6 },
  "ProposalVersion.diff": { atMost: 6 },
  "ProposalVersion.diffFromPrevious": { atMost: 6 },
  "ProposalVersion.reviews": { atMost: 10 },
  "ProposalReview.comments": { atMost: 20 },
  "PartDiffView.changes": { atMost: 50 },
  "NeedsAnalysis.painPoints": PROPOSAL_LIST,
  "ImplementationPlan.milestones": PROPOSAL_LIST,
  "PricingView.lines": { atMost: MAX_PRICE_LINES },
  "PricingView.paymentOptions": { atMost: MAX_PAYMENT_OPTIONS },
  "PaymentOption.instalments": { atMost: MAX_INSTALMENTS },
  "RiskAssessment.risks": PROPOSAL_LIST,
  "NegotiationPrepView.decisionMakers": { atMost: 10 },
  "TeamCalendar.holidays": { atMost: 40 },
  "TeamCalendar.makeUpWorkdays": { atMost: 20 },

  "LeadConnection.edges": PAGE,
  "OpportunityConnection.edges": PAGE,
  "OpportunityConnection.byStage": PIPELINE_STAGES,
  "OpportunityStageTotal.value": CURRENCIES,
  "FollowUpConnection.edges": PAGE,
  "ReportLeadPage.edges": PAGE,
  "ReportOpportunityPage.edges": PAGE,
  "PipelineChangePage.edges": PAGE,
  "FollowUpDisciplineRepPage.nodes": PAGE,
  "RepScorecardPage.nodes": PAGE,
  "StalledSection.items": PAGE,
  "WaitingReviewSection.items": PAGE,
  "WaitingDecisionSection.items": PAGE,
  "PassedCloseDateSection.items": PAGE,

  // One result per row sent, so a small import may select each duplicate's owner and lead.
  "ImportLeadsPayload.results": { enclosingListArgument: "rows", longest: MAX_IMPORT_ROWS },
  "ImportRowResult.duplicates": { atMost: 10 },
  "ImportRowResult.errors": { atMost: 20 },
  "CaptureLeadPayload.duplicates": { atMost: 10 },
  "LogActivityPayload.cancelled": { atMost: 10 },

  "FirstContactSlaReport.byTier": TIERS,
  "FirstContactSlaReport.byRep": { atMost: 100 },
  "FirstContactSlaReport.missed": { atMost: SLA_MISSED_LIST_LIMIT },
  "FollowUpDiscipline.teams": TEAMS,
  "FollowUpDiscipline.byTier": TIERS,
  "FollowUpDisciplineRep.byTier": TIERS,
  "PipelineForecast.teams": TEAMS,
  "PipelineForecast.byMonth": { enclosingArgument: "months" },
  "ForecastMonth.total": CURRENCIES,
  "ForecastMonth.weighted": CURRENCIES,
  "ForecastMonth.byStage": PIPELINE_STAGES,
  "ForecastStage.total": CURRENCIES,
  "ForecastStage.weighted": CURRENCIES,
  "ForecastCloseDatePassed.total": CURRENCIES,
  "PipelineFunnel.teams": TEAMS,
  "PipelineFunnel.byTier": TIERS,
  "PipelineFunnel.byChannel": { atMost: 10 },
  "FunnelBreakdown.steps": PIPELINE_STAGES,
  "PipelineChanges.teams": TEAMS,
  "PipelineChanges.summary": { atMost: 12 },
  "PipelineRisks.teams": TEAMS,
  "RepScorecard.teams": TEAMS,
  "RepScorecardRow.leadsOwned": TIERS,
  "DrilledMoney.amounts": CURRENCIES,
  "PipelineVelocity.teams": TEAMS,
  "PipelineVelocity.byTeam": TEAMS,
  "PipelineVelocity.byRep": { argument: "first" },
  "PipelineVelocityRow.daysInStage": PIPELINE_STAGES,
  "SalesVelocity.byCurrency": CURRENCIES,
  "WinLossReport.teams": TEAMS,
  "WinLossReport.winRateByValue": CURRENCIES,
  "WinLossReport.lossReasons": { atMost: 20 },
  "WinLossReport.averageDiscount": CURRENCIES,
  "WinLossOutcome.amount": CURRENCIES,
  "LossReasonFigure.amount": CURRENCIES,
};
