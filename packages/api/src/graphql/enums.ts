import {
  BUYING_SIGNALS,
  COMPANY_SIZES,
  CONTACT_CHANNELS,
  DUPLICATE_REASONS,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_STATUSES,
  INTEREST_CHANGES,
  LEAD_CHANNELS,
  LEAD_STATUSES,
  LOSS_REASONS,
  MANAGER_DECISIONS,
  INSTALMENT_TRIGGERS,
  PIPELINE_STAGES,
  PROPOSAL_PARTS,
  PROPOSAL_VERSION_STATUSES,
  QUEUE_BUCKETS,
  RATINGS,
  RISK_LEVELS,
  REVIEW_DEPARTMENTS,
  REVIEW_VERDICTS,
  TIERS,
  USER_ROLES,
} from "@sales/domain";
import { registerEnumType } from "type-graphql";

/** A GraphQL enum whose values are exactly the domain's vocabulary, so the two never drift. */
export function graphqlEnum<const V extends string>(name: string, values: readonly V[], description: string) {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as { [K in V]: K };
  registerEnumType(enumObject, { name, description });
  return enumObject;
}

export const LeadChannelEnum = graphqlEnum("LeadChannel", LEAD_CHANNELS, "Where a lead came from (SOP-1.1)");
export const LeadStatusEnum = graphqlEnum("LeadStatus", LEAD_STATUSES, "Where a lead stands");
export const CompanySizeEnum = graphqlEnum("CompanySize", COMPANY_SIZES, "Company size band by head count (SOP-1.2)");
export const TierEnum = graphqlEnum("Tier", TIERS, "A high, B medium, C low potential (SOP-2.2–2.4)");
export const RatingEnum = graphqlEnum("Rating", RATINGS, "One assessment dimension's rating (SOP-2.1)");
export const UserRoleEnum = graphqlEnum("UserRole", USER_ROLES, "What a user may see and do");
export const ContactChannelEnum = graphqlEnum("ContactChannel", CONTACT_CHANNELS, "How a customer is contacted");
export const FollowUpKindEnum = graphqlEnum("FollowUpKind", FOLLOW_UP_KINDS, "Why a follow-up exists (SOP-3)");
export const FollowUpStatusEnum = graphqlEnum("FollowUpStatus", FOLLOW_UP_STATUSES, "Open, done or cancelled");
export const DuplicateReasonEnum = graphqlEnum("DuplicateReason", DUPLICATE_REASONS, "Why two leads look like one customer (SOP-1.4)");
export const FollowUpOutcomeEnum = graphqlEnum("FollowUpOutcome", FOLLOW_UP_OUTCOMES, "What came of a contact (SOP-3); NO_ANSWER does not reach the customer");
export const InterestChangeEnum = graphqlEnum("InterestChange", INTEREST_CHANGES, "The rep's reading of the customer's interest after a contact (SOP-3.4)");
export const BuyingSignalEnum = graphqlEnum("BuyingSignal", BUYING_SIGNALS, "A customer (SOP-4.1) or market (SOP-4.2) signal of a possible opportunity");
export const QueueBucketEnum = graphqlEnum("QueueBucket", QUEUE_BUCKETS, "Where an open follow-up stands in the queue, today in the team's time zone (SOP-3.6)");
export const PipelineStageEnum = graphqlEnum("PipelineStage", PIPELINE_STAGES, "Where an opportunity stands (sop.md, Pipeline stages)");
export const LossReasonEnum = graphqlEnum("LossReason", LOSS_REASONS, "Why an opportunity was lost (SOP-6.3)");
export const ProposalVersionStatusEnum = graphqlEnum("ProposalVersionStatus", PROPOSAL_VERSION_STATUSES, "Where a submitted proposal version stands (SOP-5.3/5.4)");
export const ManagerDecisionEnum = graphqlEnum("ManagerDecision", MANAGER_DECISIONS, "The manager's decision on a reviewed proposal version (SOP-5.3)");
export const ReviewDepartmentEnum = graphqlEnum("ReviewDepartment", REVIEW_DEPARTMENTS, "A department the manager may ask to review a proposal (SOP-5.3)");
export const ReviewVerdictEnum = graphqlEnum("ReviewVerdict", REVIEW_VERDICTS, "A reviewer's verdict (SOP-5.3)");
export const ProposalPartEnum = graphqlEnum("ProposalPart", PROPOSAL_PARTS, "SOP-5.2 the six required parts of a proposal, in the SOP's order");
export const RiskLevelEnum = graphqlEnum("RiskLevel", RISK_LEVELS, "SOP-5.2 part 6: how likely a risk is, or how hard it would hit");
export const InstalmentTriggerEnum = graphqlEnum("InstalmentTrigger", INSTALMENT_TRIGGERS, "SOP-5.2 part 5: what makes an instalment fall due");
