import { buildSchema } from "type-graphql";
import { authChecker } from "../access/auth-checker.ts";
import { AuditEventResolver } from "../audit/audit-event.resolver.ts";
import { AuthResolver } from "../auth/auth.resolver.ts";
import { ImportResolver } from "../imports/import.resolver.ts";
import { DuplicateMatchResolver, LeadMutationResolver } from "../leads/lead-mutation.resolver.ts";
import { FirstContactSlaRepRowResolver, FirstContactSlaResolver } from "../follow-ups/first-contact-sla.resolver.ts";
import { FollowUpConnectionResolver, FollowUpResolver } from "../follow-ups/follow-up.resolver.ts";
import { LeadConnectionResolver, LeadResolver } from "../leads/lead.resolver.ts";
import { TeamResolver } from "../teams/team.resolver.ts";
import { TeamSettingsResolver } from "../teams/team-settings.resolver.ts";
import {
  OpportunityConnectionResolver,
  OpportunityResolver,
  OpportunitySuggestionResolver,
  StageChangeResolver,
} from "../opportunities/opportunity.resolver.ts";
import { ProposalResolver, ProposalVersionResolver } from "../proposals/proposal.resolver.ts";
import { PendingDecisionResolver, ReviewResolver } from "../reviews/review.resolver.ts";
import { NegotiationFieldResolver, NegotiationMutationResolver } from "../opportunities/negotiation.resolver.ts";
import { FollowUpDisciplineRepResolver, FollowUpDisciplineResolver } from "../reports/follow-up-discipline.resolver.ts";
import { ForecastResolver } from "../reports/forecast.resolver.ts";
import { FunnelResolver } from "../reports/funnel.resolver.ts";
import { PipelineChangeResolver, PipelineChangesResolver } from "../reports/pipeline-changes.resolver.ts";
import {
  PassedCloseDateResolver,
  PipelineRisksResolver,
  StalledDealResolver,
  WaitingDecisionResolver,
  WaitingReviewResolver,
} from "../reports/pipeline-risks.resolver.ts";
import { ReportDrillResolver } from "../reports/report-drill.resolver.ts";
import { RepScorecardResolver, RepScorecardRowResolver } from "../reports/rep-scorecard.resolver.ts";
import { PipelineVelocityRowResolver, VelocityResolver } from "../reports/velocity.resolver.ts";
import { WinLossResolver } from "../reports/win-loss.resolver.ts";
import { UserAdminResolver } from "../users/user-admin.resolver.ts";
import { UserResolver } from "../users/viewer.resolver.ts";

export function buildAppSchema() {
  return buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      UserAdminResolver,
      TeamResolver,
      TeamSettingsResolver,
      LeadResolver,
      LeadConnectionResolver,
      LeadMutationResolver,
      DuplicateMatchResolver,
      ImportResolver,
      AuditEventResolver,
      FollowUpResolver,
      FollowUpConnectionResolver,
      FirstContactSlaResolver,
      FirstContactSlaRepRowResolver,
      OpportunityResolver,
      OpportunityConnectionResolver,
      StageChangeResolver,
      OpportunitySuggestionResolver,
      NegotiationMutationResolver,
      NegotiationFieldResolver,
      ProposalResolver,
      ProposalVersionResolver,
      ReviewResolver,
      PendingDecisionResolver,
      FunnelResolver,
      ForecastResolver,
      PipelineChangesResolver,
      PipelineChangeResolver,
      PipelineRisksResolver,
      StalledDealResolver,
      WaitingReviewResolver,
      WaitingDecisionResolver,
      PassedCloseDateResolver,
      ReportDrillResolver,
      WinLossResolver,
      VelocityResolver,
      PipelineVelocityRowResolver,
      FollowUpDisciplineResolver,
      FollowUpDisciplineRepResolver,
      RepScorecardResolver,
      RepScorecardRowResolver,
    ],
    validate: false,
    authChecker,
  });
}
