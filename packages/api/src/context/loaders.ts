import { createLatestAssessmentByLeadLoader } from "../assessments/assessment.loaders.ts";
import { createHistoryByLeadLoader, createHistoryByOpportunityLoader, createHistoryCountByLeadLoader } from "../audit/audit.loaders.ts";
import type { Database } from "../db/database.ts";
import {
  createFollowUpByIdLoader,
  createFollowUpPlannedAfterLoader,
  createNextFollowUpByLeadLoader,
} from "../follow-ups/follow-up.loaders.ts";
import { createLeadByIdLoader, createPossibleDuplicatesByLeadLoader } from "../leads/lead.loaders.ts";
import {
  createOpportunitiesByLeadLoader,
  createOpportunityByIdLoader,
  createStageChangesByOpportunityLoader,
} from "../opportunities/opportunity.loaders.ts";
import {
  createProposalByIdLoader,
  createPricedContentLoader,
  createProposalContentLoader,
  createProposalsByOpportunityLoader,
  createProposalVersionByIdLoader,
  createVersionContentLoader,
  createVersionsByProposalLoader,
} from "../proposals/proposal.loaders.ts";
import { createReviewsByVersionLoader } from "../reviews/review.loaders.ts";
import { createTeamByIdLoader } from "../teams/team.loaders.ts";
import type { UserRow } from "../users/user.table.ts";
import { createUserByIdLoader } from "../users/user.loaders.ts";

/**
 * Built anew for every request (and again after each mutation), so a cached row never outlives
 * the request that read it. Loaders of lead-owned rows apply the viewer's visibility.
 */
export function createLoaders(db: Database, viewer: UserRow | null) {
  return {
    userById: createUserByIdLoader(db),
    teamById: createTeamByIdLoader(db),
    leadById: createLeadByIdLoader(db, viewer),
    possibleDuplicatesByLead: createPossibleDuplicatesByLeadLoader(db),
    followUpById: createFollowUpByIdLoader(db, viewer),
    followUpPlannedAfter: createFollowUpPlannedAfterLoader(db),
    latestAssessmentByLead: createLatestAssessmentByLeadLoader(db),
    nextFollowUpByLead: createNextFollowUpByLeadLoader(db),
    historyByLead: createHistoryByLeadLoader(db),
    historyByOpportunity: createHistoryByOpportunityLoader(db),
    historyCountByLead: createHistoryCountByLeadLoader(db),
    opportunityById: createOpportunityByIdLoader(db, viewer),
    opportunitiesByLead: createOpportunitiesByLeadLoader(db, viewer),
    stageChangesByOpportunity: createStageChangesByOpportunityLoader(db),
    proposalById: createProposalByIdLoader(db, viewer),
    proposalsByOpportunity: createProposalsByOpportunityLoader(db, viewer),
    proposalContent: createProposalContentLoader(db),
    proposalVersionById: createProposalVersionByIdLoader(db, viewer),
    pricedContent: createPricedContentLoader(db),
    versionsByProposal: createVersionsByProposalLoader(db),
    versionContent: createVersionContentLoader(db),
    reviewsByVersion: createReviewsByVersionLoader(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
