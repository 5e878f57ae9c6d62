// Every table, for drizzle-kit and for the typed query builder.
export { teams } from "../teams/team.table.ts";
export { users } from "../users/user.table.ts";
export { leads } from "../leads/lead.table.ts";
export { leadCounts } from "../leads/lead-count.table.ts";
export { leadAssessments } from "../assessments/assessment.table.ts";
export { followUps } from "../follow-ups/follow-up.table.ts";
export { auditEvents } from "../audit/audit-event.table.ts";
export { leadDuplicates } from "../leads/lead-duplicate.table.ts";
export { apiTokens } from "../auth/api-token.table.ts";
export { endedSessions } from "../auth/ended-session.table.ts";
export { importBatches } from "../imports/import-batch.table.ts";
export { opportunities, opportunityStageChanges } from "../opportunities/opportunity.table.ts";
export { proposals, proposalVersions } from "../proposals/proposal.table.ts";
export { proposalReviews } from "../reviews/review.table.ts";
export { idempotencyKeys } from "../idempotency/idempotency-key.table.ts";
export { loginAttempts } from "../auth/login-attempt.table.ts";
