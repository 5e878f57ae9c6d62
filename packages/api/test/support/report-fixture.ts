// The pipeline reports' fixture (issue 9): two teams, a dozen leads and eight opportunities with
// fixed times, small enough that every report figure can be worked out by hand from this header.
// Rows are inserted directly (what the services would have written), so the times are exact.
//
// NOW = 2026-06-15T04:00:00Z (Mon 12:00 in Shanghai; Sun 21:00 in Los Angeles).
// PERIOD = May 2026, from "2026-05-01" to "2026-06-01", in each team's own zone:
//   EAST (Asia/Shanghai, UTC+8, default playbook):  [2026-04-30T16:00Z, 2026-05-31T16:00Z)
//   WEST (America/Los_Angeles, UTC-7 in May/June, its own playbook: win probability
//         OPPORTUNITY 20, PROPOSAL 40, IN_REVIEW 60, NEGOTIATION 80; the rest default):
//                                                  [2026-05-01T07:00Z, 2026-06-01T07:00Z)
// Default playbook pipeline: win probability OPPORTUNITY 10, PROPOSAL 25, IN_REVIEW 40,
// NEGOTIATION 70; stalled after OPPORTUNITY 14, PROPOSAL 10, IN_REVIEW 5, NEGOTIATION 21 days;
// review wait 3 days; decision wait 2 days.
//
// Users: EAST managerEast, repA, repB, reviewerEast; WEST managerWest, repW, reviewerWest;
// analyst and admin (no team).
//
// Leads (created = captured; "fc due" = first_contact_due_at; "fc at" = first_contact_at, also
// last_contact_at; assessed = its one lead_assessments row, which gives the tier):
// | lead | team | owner | channel           | tier | created (UTC)     | local date      | assessed (UTC)  | status       | fc due (UTC)          | fc at (UTC)   | opportunity |
// | L1   | EAST | repA  | TRADE_SHOW        | A    | 2026-05-03 02:00  | May 3           | 05-03 03:00     | CONVERTED    | 05-04 02:00           | 05-03 06:00   | O1          |
// | L2   | EAST | repA  | INDUSTRY_WEBSITE  | B    | 2026-05-10 01:00  | May 10          | 05-10 02:00     | CONVERTED    | 05-13 15:59:59.999    | 05-14 02:00   | O2          |
// | L3   | EAST | repB  | CUSTOMER_REFERRAL | C    | 2026-05-15 03:00  | May 15          | 05-15 04:00     | NEW          | 05-22 15:59:59.999    | —             | —           |
// | L4   | EAST | repB  | TRADE_SHOW        | B    | 2026-05-20 05:00  | May 20          | — (unassessed)  | DISQUALIFIED | 05-25 15:59:59.999    | 05-21 01:00   | —           |
// | L5   | EAST | repA  | SEMINAR           | A    | 2026-04-10 02:00  | Apr 10          | 04-10 03:00     | CONVERTED    | 04-11 02:00           | 04-10 05:00   | O5          |
// | L6   | EAST | repB  | SOCIAL_MEDIA      | B    | 2026-05-31 17:00  | Jun 1 (01:00)   | — (unassessed)  | NEW          | 06-03 15:59:59.999    | —             | —           |
// | L7   | EAST | repA  | INDUSTRY_FORUM    | C    | 2026-03-01 02:00  | Mar 1           | 03-02 02:00     | CONVERTED    | 03-06 15:59:59.999    | 03-02 03:00   | O7          |
// | L8   | EAST | repB  | PARTNER_REFERRAL  | A    | 2026-04-30 15:00  | Apr 30 (23:00)  | 04-30 17:00 (May 1 01:00 local) | CONVERTED | 05-01 15:00 | 04-30 16:00 | O8 |
// | L10  | WEST | repW  | SEARCH_ENGINE     | A    | 2026-06-01 03:00  | May 31 (20:00)  | 06-01 03:30     | CONVERTED    | 06-02 03:00           | 06-01 16:00   | O10         |
// | L11  | WEST | repW  | CHAMBER_EVENT     | B    | 2026-05-01 05:00  | Apr 30 (22:00)  | 05-01 06:00 (Apr 30 local) | CONVERTED | 05-05 06:59:59.999 | 05-04 18:00 | O11 |
// | L12  | WEST | repW  | INDUSTRY_WEBSITE  | C    | 2026-05-15 20:00  | May 15          | 05-16 20:00     | NEW          | 05-22 06:59:59.999    | —             | —           |
// | L13  | WEST | repW  | TRADE_SHOW        | A    | 2026-02-01 18:00  | Feb 1           | 02-01 19:00     | CONVERTED    | 02-02 18:00           | 02-01 20:00   | O13         |
//
// Opportunities (value = estimated value in minor units; stage changes listed in order, each
// by the owner unless said; "entered" = stage_entered_at):
// | opp | lead | owner | value             | close date | stage now   | stage changes (UTC)                                                                                   |
// | O1  | L1   | repA  | CNY 100000000     | 2026-07-31 | WON         | 05-05 02:00 →OPPORTUNITY, 05-08 02:00 →PROPOSAL, 05-10 02:00 →IN_REVIEW, 05-12 02:00 →PROPOSAL (returned: backwards), 05-14 02:00 →IN_REVIEW, 05-20 02:00 →NEGOTIATION, 05-28 02:00 →WON |
// | O2  | L2   | repA  | CNY 20000000      | 2026-06-30 | LOST        | 05-12 02:00 →OPPORTUNITY, 05-25 02:00 →LOST (COMPETITOR)                                              |
// | O5  | L5   | repA  | USD 6000000       | 2026-08-31 | IN_REVIEW   | 04-12 02:00 →OPPORTUNITY, 05-06 02:00 →PROPOSAL, 05-07 02:00 →IN_REVIEW                               |
// | O7  | L7   | repA  | CNY 50000000      | 2026-04-30 | LOST        | 03-05 02:00 →OPPORTUNITY, 03-10 02:00 →PROPOSAL, 03-12 02:00 →IN_REVIEW, 05-18 02:00 →LOST (PRICE)     |
// | O8  | L8   | repB  | CNY 30000000      | 2026-06-10 | OPPORTUNITY | 05-02 02:00 →OPPORTUNITY, 05-04 02:00 →PROPOSAL, 05-05 02:00 →IN_REVIEW, 05-08 02:00 →OPPORTUNITY (rejected by managerEast: backwards) |
// | O10 | L10  | repW  | USD 8000000       | 2026-07-15 | OPPORTUNITY | 06-02 16:00 →OPPORTUNITY                                                                              |
// | O11 | L11  | repW  | USD 12000000      | 2026-05-31 | WON         | 05-02 18:00 →OPPORTUNITY, 05-05 18:00 →PROPOSAL, 05-06 18:00 →IN_REVIEW, 05-12 18:00 →NEGOTIATION, 05-20 18:00 →WON |
// | O13 | L13  | repW  | USD 20000000      | 2026-08-15 | IN_REVIEW   | 02-03 18:00 →OPPORTUNITY, 02-10 18:00 →PROPOSAL, 06-05 18:00 →IN_REVIEW                               |
// Contracts: O1 CNY 90000000 signed 2026-05-28, frozen floor 95000000 (below: approved by
//   managerEast); O11 USD 11400000 signed 2026-05-20, floor 11000000.
// Losses: O2 COMPETITOR from OPPORTUNITY; O7 PRICE from IN_REVIEW, note "价格高于竞品 15%".
// Proposal versions (total_with_vat_minor in the deal's currency; submitted at the move into
//   IN_REVIEW; decided at the move out of it):
//   O1 v1 RETURNED total 105000000 (05-10 → 05-12), O1 v2 APPROVED total 100000000 (05-14 → 05-20);
//   O5 v1 IN_REVIEW total 6000000 (05-07), review FINANCE by reviewerEast requested 05-07 03:00, no verdict;
//   O7 v1 IN_REVIEW total 50000000 (03-12), review FINANCE by reviewerEast requested 03-12 03:00,
//     APPROVE submitted 03-15 02:00, never decided (the deal was lost);
//   O8 v1 REJECTED total 31000000 (05-05 → 05-08);
//   O11 v1 APPROVED total 12000000 (05-06 18:00 → 05-12 17:00);
//   O13 v1 IN_REVIEW total 20000000 (06-05 18:00), review TECHNICAL by reviewerWest requested
//     06-05 19:00, APPROVE submitted 06-08 18:00, no decision yet.
// updateOpportunity audit events (OPPORTUNITY_UPDATED, before → after):
//   O1 2026-05-15 02:00 by repA: expectedCloseOn 2026-06-30 → 2026-07-31 (pushed)
//   O5 2026-05-20 02:00 by repA: expectedCloseOn 2026-06-30 → 2026-08-31 (pushed)
//   O5 2026-06-01 02:00 by managerEast: estimatedValue USD 5000000 → 6000000 (raised)
//   O7 2026-04-20 02:00 by repA: estimatedValue CNY 60000000 → 50000000 (cut)
// Follow-ups (deadline = sla_due_at = due_at for first contacts):
// | f    | lead | owner | kind          | due (UTC)             | status    | completed (UTC) | outcome   |
// | F1   | L1   | repA  | FIRST_CONTACT | 05-04 02:00           | DONE      | 05-03 06:00     | CONNECTED |
// | F2   | L2   | repA  | FIRST_CONTACT | 05-13 15:59:59.999    | DONE      | 05-14 02:00     | CONNECTED |
// | F3   | L3   | repB  | FIRST_CONTACT | 05-22 15:59:59.999    | OPEN      | —               | —         |
// | F4   | L4   | repB  | FIRST_CONTACT | 05-25 15:59:59.999    | DONE      | 05-21 01:00     | NOT_INTERESTED |
// | F4b  | L4   | repB  | CADENCE       | 05-28 02:00 (no sla)  | CANCELLED | —               | —         |
// | F6   | L6   | repB  | FIRST_CONTACT | 06-03 15:59:59.999    | OPEN      | —               | —         |
// | F10  | L10  | repW  | FIRST_CONTACT | 06-02 03:00           | DONE      | 06-01 16:00     | CONNECTED |
// | F11  | L11  | repW  | FIRST_CONTACT | 05-05 06:59:59.999    | DONE      | 05-04 18:00     | CONNECTED |
// | F12  | L12  | repW  | FIRST_CONTACT | 05-22 06:59:59.999    | OPEN      | —               | —         |
// | F12b | L12  | repW  | NURTURE       | 06-20 07:00 (no sla)  | OPEN      | —               | —         |
import {
  DEFAULT_PLAYBOOK,
  proposalContentToJson,
  validateProposalDraft,
  type LeadChannel,
  type LeadStatus,
  type LossReason,
  type PipelineStage,
  type Playbook,
  type ProposalVersionStatus,
  type Tier,
} from "@sales/domain";
import { eq } from "drizzle-orm";
import { leadAssessments } from "../../src/assessments/assessment.table.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import type { Executor } from "../../src/db/database.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { opportunities, opportunityStageChanges } from "../../src/opportunities/opportunity.table.ts";
import { proposals, proposalVersions } from "../../src/proposals/proposal.table.ts";
import { proposalReviews } from "../../src/reviews/review.table.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "./fixtures.ts";
import { COMPLETE_PARTS } from "./pipeline-fixtures.ts";
import { deriveFunnelProgress } from "./funnel-progress.ts";

export const FIXTURE_NOW = new Date("2026-06-15T04:00:00.000Z");
export const FIXTURE_PERIOD = { from: "2026-05-01", to: "2026-06-01" } as const;

export type FixtureLead = "L1" | "L2" | "L3" | "L4" | "L5" | "L6" | "L7" | "L8" | "L10" | "L11" | "L12" | "L13";
export type FixtureOpportunity = "O1" | "O2" | "O5" | "O7" | "O8" | "O10" | "O11" | "O13";

export interface ReportFixture {
  east: TeamRow;
  west: TeamRow;
  users: Record<"managerEast" | "repA" | "repB" | "reviewerEast" | "managerWest" | "repW" | "reviewerWest" | "analyst" | "admin", UserRow>;
  /** Lead ids by key (L1 …). */
  leads: Record<FixtureLead, string>;
  /** Opportunity ids by key (O1 …). */
  opportunities: Record<FixtureOpportunity, string>;
}

const at = (iso: string) => new Date(`${iso}Z`);

const WEST_PLAYBOOK: Playbook = {
  ...DEFAULT_PLAYBOOK,
  pipeline: { ...DEFAULT_PLAYBOOK.pipeline, winProbabilityPercent: { OPPORTUNITY: 20, PROPOSAL: 40, IN_REVIEW: 60, NEGOTIATION: 80 } },
};

interface LeadSpec {
  key: FixtureLead;
  team: "east" | "west";
  owner: "repA" | "repB" | "repW";
  channel: LeadChannel;
  tier: Tier;
  created: string;
  assessed: string | null;
  status: LeadStatus;
  firstContactDue: string;
  firstContactAt: string | null;
}

const LEADS: LeadSpec[] = [
  { key: "L1", team: "east", owner: "repA", channel: "TRADE_SHOW", tier: "A", created: "2026-05-03T02:00:00", assessed: "2026-05-03T03:00:00", status: "CONVERTED", firstContactDue: "2026-05-04T02:00:00", firstContactAt: "2026-05-03T06:00:00" },
  { key: "L2", team: "east", owner: "repA", channel: "INDUSTRY_WEBSITE", tier: "B", created: "2026-05-10T01:00:00", assessed: "2026-05-10T02:00:00", status: "CONVERTED", firstContactDue: "2026-05-13T15:59:59.999", firstContactAt: "2026-05-14T02:00:00" },
  { key: "L3", team: "east", owner: "repB", channel: "CUSTOMER_REFERRAL", tier: "C", created: "2026-05-15T03:00:00", assessed: "2026-05-15T04:00:00", status: "NEW", firstContactDue: "2026-05-22T15:59:59.999", firstContactAt: null },
  { key: "L4", team: "east", owner: "repB", channel: "TRADE_SHOW", tier: "B", created: "2026-05-20T05:00:00", assessed: null, status: "DISQUALIFIED", firstContactDue: "2026-05-25T15:59:59.999", firstContactAt: "2026-05-21T01:00:00" },
  { key: "L5", team: "east", owner: "repA", channel: "SEMINAR", tier: "A", created: "2026-04-10T02:00:00", assessed: "2026-04-10T03:00:00", status: "CONVERTED", firstContactDue: "2026-04-11T02:00:00", firstContactAt: "2026-04-10T05:00:00" },
  { key: "L6", team: "east", owner: "repB", channel: "SOCIAL_MEDIA", tier: "B", created: "2026-05-31T17:00:00", assessed: null, status: "NEW", firstContactDue: "2026-06-03T15:59:59.999", firstContactAt: null },
  { key: "L7", team: "east", owner: "repA", channel: "INDUSTRY_FORUM", tier: "C", created: "2026-03-01T02:00:00", assessed: "2026-03-02T02:00:00", status: "CONVERTED", firstContactDue: "2026-03-06T15:59:59.999", firstContactAt: "2026-03-02T03:00:00" },
  { key: "L8", team: "east", owner: "repB", channel: "PARTNER_REFERRAL", tier: "A", created: "2026-04-30T15:00:00", assessed: "2026-04-30T17:00:00", status: "CONVERTED", firstContactDue: "2026-05-01T15:00:00", firstContactAt: "2026-04-30T16:00:00" },
  { key: "L10", team: "west", owner: "repW", channel: "SEARCH_ENGINE", tier: "A", created: "2026-06-01T03:00:00", assessed: "2026-06-01T03:30:00", status: "CONVERTED", firstContactDue: "2026-06-02T03:00:00", firstContactAt: "2026-06-01T16:00:00" },
  { key: "L11", team: "west", owner: "repW", channel: "CHAMBER_EVENT", tier: "B", created: "2026-05-01T05:00:00", assessed: "2026-05-01T06:00:00", status: "CONVERTED", firstContactDue: "2026-05-05T06:59:59.999", firstContactAt: "2026-05-04T18:00:00" },
  { key: "L12", team: "west", owner: "repW", channel: "INDUSTRY_WEBSITE", tier: "C", created: "2026-05-15T20:00:00", assessed: "2026-05-16T20:00:00", status: "NEW", firstContactDue: "2026-05-22T06:59:59.999", firstContactAt: null },
  { key: "L13", team: "west", owner: "repW", channel: "TRADE_SHOW", tier: "A", created: "2026-02-01T18:00:00", assessed: "2026-02-01T19:00:00", status: "CONVERTED", firstContactDue: "2026-02-02T18:00:00", firstContactAt: "2026-02-01T20:00:00" },
];

const RATINGS_OF_TIER = {
  A: { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" },
  B: { needUrgency: "HIGH", budget: "MEDIUM", decisionAuthority: "MEDIUM" },
  C: { needUrgency: "LOW", budget: "MEDIUM", decisionAuthority: "MEDIUM" },
} as const;

interface OpportunitySpec {
  key: FixtureOpportunity;
  lead: FixtureLead;
  currency: "CNY" | "USD";
  value: bigint;
  closeOn: string;
  /** [stage, at, actor] in order; the last is the stage now. */
  moves: [PipelineStage, string, UserKey?][];
  loss?: { reason: LossReason; note: string | null; from: PipelineStage };
  contract?: { amount: bigint; signedOn: string; floor: bigint; approvedBy?: UserKey };
  versions?: { number: number; status: ProposalVersionStatus; total: bigint; submitted: string; decided?: string; decidedBy?: UserKey }[];
}

type UserKey = keyof ReportFixture["users"];

const OPPORTUNITIES: OpportunitySpec[] = [
  {
    key: "O1", lead: "L1", currency: "CNY", value: 100000000n, closeOn: "2026-07-31",
    moves: [["OPPORTUNITY", "2026-05-05T02:00:00"], ["PROPOSAL", "2026-05-08T02:00:00"], ["IN_REVIEW", "2026-05-10T02:00:00"], ["PROPOSAL", "2026-05-12T02:00:00", "managerEast"], ["IN_REVIEW", "2026-05-14T02:00:00"], ["NEGOTIATION", "2026-05-20T02:00:00"], ["WON", "2026-05-28T02:00:00"]],
    contract: { amount: 90000000n, signedOn: "2026-05-28", floor: 95000000n, approvedBy: "managerEast" },
    versions: [
      { number: 1, status: "RETURNED", total: 105000000n, submitted: "2026-05-10T02:00:00", decided: "2026-05-12T02:00:00", decidedBy: "managerEast" },
      { number: 2, status: "APPROVED", total: 100000000n, submitted: "2026-05-14T02:00:00", decided: "2026-05-20T01:00:00", decidedBy: "managerEast" },
    ],
  },
  {
    key: "O2", lead: "L2", currency: "CNY", value: 20000000n, closeOn: "2026-06-30",
    moves: [["OPPORTUNITY", "2026-05-12T02:00:00"], ["LOST", "2026-05-25T02:00:00"]],
    loss: { reason: "COMPETITOR", note: null, from: "OPPORTUNITY" },
  },
  {
    key: "O5", lead: "L5", currency: "USD", value: 6000000n, closeOn: "2026-08-31",
    moves: [["OPPORTUNITY", "2026-04-12T02:00:00"], ["PROPOSAL", "2026-05-06T02:00:00"], ["IN_REVIEW", "2026-05-07T02:00:00"]],
    versions: [{ number: 1, status: "IN_REVIEW", total: 6000000n, submitted: "2026-05-07T02:00:00" }],
  },
  {
    key: "O7", lead: "L7", currency: "CNY", value: 50000000n, closeOn: "2026-04-30",
    moves: [["OPPORTUNITY", "2026-03-05T02:00:00"], ["PROPOSAL", "2026-03-10T02:00:00"], ["IN_REVIEW", "2026-03-12T02:00:00"], ["LOST", "2026-05-18T02:00:00"]],
    loss: { reason: "PRICE", note: "价格高于竞品 15%", from: "IN_REVIEW" },
    versions: [{ number: 1, status: "IN_REVIEW", total: 50000000n, submitted: "2026-03-12T02:00:00" }],
  },
  {
    key: "O8", lead: "L8", currency: "CNY", value: 30000000n, closeOn: "2026-06-10",
    moves: [["OPPORTUNITY", "2026-05-02T02:00:00"], ["PROPOSAL", "2026-05-04T02:00:00"], ["IN_REVIEW", "2026-05-05T02:00:00"], ["OPPORTUNITY", "2026-05-08T02:00:00", "managerEast"]],
    versions: [{ number: 1, status: "REJECTED", total: 31000000n, submitted: "2026-05-05T02:00:00", decided: "2026-05-08T02:00:00", decidedBy: "managerEast" }],
  },
  {
    key: "O10", lead: "L10", currency: "USD", value: 8000000n, closeOn: "2026-07-15",
    moves: [["OPPORTUNITY", "2026-06-02T16:00:00"]],
  },
  {
    key: "O11", lead: "L11", currency: "USD", value: 12000000n, closeOn: "2026-05-31",
    moves: [["OPPORTUNITY", "2026-05-02T18:00:00"], ["PROPOSAL", "2026-05-05T18:00:00"], ["IN_REVIEW", "2026-05-06T18:00:00"], ["NEGOTIATION", "2026-05-12T18:00:00"], ["WON", "2026-05-20T18:00:00"]],
    contract: { amount: 11400000n, signedOn: "2026-05-20", floor: 11000000n },
    versions: [{ number: 1, status: "APPROVED", total: 12000000n, submitted: "2026-05-06T18:00:00", decided: "2026-05-12T17:00:00", decidedBy: "managerWest" }],
  },
  {
    key: "O13", lead: "L13", currency: "USD", value: 20000000n, closeOn: "2026-08-15",
    moves: [["OPPORTUNITY", "2026-02-03T18:00:00"], ["PROPOSAL", "2026-02-10T18:00:00"], ["IN_REVIEW", "2026-06-05T18:00:00"]],
    versions: [{ number: 1, status: "IN_REVIEW", total: 20000000n, submitted: "2026-06-05T18:00:00" }],
  },
];

const REVIEWS: { opportunity: FixtureOpportunity; department: "FINANCE" | "TECHNICAL"; reviewer: UserKey; requestedBy: UserKey; requested: string; verdict?: "APPROVE"; submitted?: string }[] = [
  { opportunity: "O5", department: "FINANCE", reviewer: "reviewerEast", requestedBy: "managerEast", requested: "2026-05-07T03:00:00" },
  { opportunity: "O7", department: "FINANCE", reviewer: "reviewerEast", requestedBy: "managerEast", requested: "2026-03-12T03:00:00", verdict: "APPROVE", submitted: "2026-03-15T02:00:00" },
  { opportunity: "O13", department: "TECHNICAL", reviewer: "reviewerWest", requestedBy: "managerWest", requested: "2026-06-05T19:00:00", verdict: "APPROVE", submitted: "2026-06-08T18:00:00" },
];

const UPDATES: { opportunity: FixtureOpportunity; at: string; by: UserKey; before: Record<string, unknown>; after: Record<string, unknown> }[] = [
  { opportunity: "O1", at: "2026-05-15T02:00:00", by: "repA", before: { expectedCloseOn: "2026-06-30" }, after: { expectedCloseOn: "2026-07-31" } },
  { opportunity: "O5", at: "2026-05-20T02:00:00", by: "repA", before: { expectedCloseOn: "2026-06-30" }, after: { expectedCloseOn: "2026-08-31" } },
  { opportunity: "O5", at: "2026-06-01T02:00:00", by: "managerEast", before: { estimatedValue: { amount: "5000000", currency: "USD" } }, after: { estimatedValue: { amount: "6000000", currency: "USD" } } },
  { opportunity: "O7", at: "2026-04-20T02:00:00", by: "repA", before: { estimatedValue: { amount: "60000000", currency: "CNY" } }, after: { estimatedValue: { amount: "50000000", currency: "CNY" } } },
];

const FOLLOW_UPS: { lead: FixtureLead; kind: "FIRST_CONTACT" | "CADENCE" | "NURTURE"; due: string; sla: boolean; status: "OPEN" | "DONE" | "CANCELLED"; completed?: string; outcome?: "CONNECTED" | "NOT_INTERESTED" }[] = [
  { lead: "L1", kind: "FIRST_CONTACT", due: "2026-05-04T02:00:00", sla: true, status: "DONE", completed: "2026-05-03T06:00:00", outcome: "CONNECTED" },
  { lead: "L2", kind: "FIRST_CONTACT", due: "2026-05-13T15:59:59.999", sla: true, status: "DONE", completed: "2026-05-14T02:00:00", outcome: "CONNECTED" },
  { lead: "L3", kind: "FIRST_CONTACT", due: "2026-05-22T15:59:59.999", sla: true, status: "OPEN" },
  { lead: "L4", kind: "FIRST_CONTACT", due: "2026-05-25T15:59:59.999", sla: true, status: "DONE", completed: "2026-05-21T01:00:00", outcome: "NOT_INTERESTED" },
  { lead: "L4", kind: "CADENCE", due: "2026-05-28T02:00:00", sla: false, status: "CANCELLED" },
  { lead: "L6", kind: "FIRST_CONTACT", due: "2026-06-03T15:59:59.999", sla: true, status: "OPEN" },
  { lead: "L10", kind: "FIRST_CONTACT", due: "2026-06-02T03:00:00", sla: true, status: "DONE", completed: "2026-06-01T16:00:00", outcome: "CONNECTED" },
  { lead: "L11", kind: "FIRST_CONTACT", due: "2026-05-05T06:59:59.999", sla: true, status: "DONE", completed: "2026-05-04T18:00:00", outcome: "CONNECTED" },
  { lead: "L12", kind: "FIRST_CONTACT", due: "2026-05-22T06:59:59.999", sla: true, status: "OPEN" },
  { lead: "L12", kind: "NURTURE", due: "2026-06-20T07:00:00", sla: false, status: "OPEN" },
];

function completeContent() {
  const draft = validateProposalDraft(COMPLETE_PARTS);
  if (!draft.ok) throw new Error(`The fixture's proposal parts no longer validate: ${draft.error[0]?.message}`);
  return proposalContentToJson(draft.value);
}

/** Inserts the fixture into an empty database and returns its ids. */
export async function loadReportFixture(db: Executor): Promise<ReportFixture> {
  const east = await createTeam(db, { name: "华东大区 Fixture" });
  const west = await createTeam(db, {
    name: "Pacific Fixture",
    calendar: { timeZone: "America/Los_Angeles", weekendDays: [6, 7], holidays: [], makeUpWorkdays: [], coverage: { from: "2026-01-01", through: "2026-12-31" } },
    playbook: WEST_PLAYBOOK,
  });
  const users: ReportFixture["users"] = {
    managerEast: await createUser(db, { role: "MANAGER", teamId: east.id, displayName: "Manager East" }),
    repA: await createUser(db, { role: "REP", teamId: east.id, displayName: "Rep A" }),
    repB: await createUser(db, { role: "REP", teamId: east.id, displayName: "Rep B" }),
    reviewerEast: await createUser(db, { role: "REVIEWER", teamId: east.id, displayName: "Reviewer East" }),
    managerWest: await createUser(db, { role: "MANAGER", teamId: west.id, displayName: "Manager West" }),
    repW: await createUser(db, { role: "REP", teamId: west.id, displayName: "Rep W" }),
    reviewerWest: await createUser(db, { role: "REVIEWER", teamId: west.id, displayName: "Reviewer West" }),
    analyst: await createUser(db, { role: "ANALYST", displayName: "Analyst" }),
    admin: await createUser(db, { role: "ADMIN", displayName: "Admin" }),
  };
  const teamOf = { east, west };

  const leadIds = {} as Record<FixtureLead, string>;
  const leadSpecs = new Map(LEADS.map((spec) => [spec.key, spec]));
  for (const [index, spec] of LEADS.entries()) {
    const [row] = await db
      .insert(leads)
      .values({
        teamId: teamOf[spec.team].id,
        ownerId: users[spec.owner].id,
        channel: spec.channel,
        companyName: `报表测试公司 ${spec.key}`,
        contactName: `联系人 ${spec.key}`,
        phone: `+861380000${String(index).padStart(4, "0")}`,
        email: `${spec.key.toLowerCase()}@fixture.example.com`,
        status: spec.status,
        disqualifiedReason: spec.status === "DISQUALIFIED" ? "学生，无采购需求" : null,
        tier: spec.tier,
        computedTier: spec.tier,
        assessmentIncomplete: spec.assessed === null,
        firstContactDueAt: at(spec.firstContactDue),
        firstContactAt: spec.firstContactAt ? at(spec.firstContactAt) : null,
        lastContactAt: spec.firstContactAt ? at(spec.firstContactAt) : null,
        createdAt: at(spec.created),
        updatedAt: at(spec.created),
      })
      .returning({ id: leads.id });
    leadIds[spec.key] = row!.id;
    if (spec.assessed) {
      await db.insert(leadAssessments).values({
        leadId: row!.id,
        assessedById: users[spec.owner].id,
        ...RATINGS_OF_TIER[spec.tier],
        tier: spec.tier,
        reasons: [],
        incomplete: false,
        assessedAt: at(spec.assessed),
      });
    }
  }

  for (const spec of FOLLOW_UPS) {
    const lead = leadSpecs.get(spec.lead)!;
    const due = at(spec.due);
    await db.insert(followUps).values({
      leadId: leadIds[spec.lead],
      teamId: teamOf[lead.team].id,
      ownerId: users[lead.owner].id,
      tier: lead.tier,
      kind: spec.kind,
      channel: spec.kind === "FIRST_CONTACT" ? "PHONE" : "EMAIL",
      status: spec.status,
      dueAt: due,
      slaDueAt: spec.sla ? due : null,
      completedAt: spec.completed ? at(spec.completed) : null,
      completedById: spec.completed ? users[lead.owner].id : null,
      outcome: spec.outcome ?? null,
      channelUsed: spec.completed ? "PHONE" : null,
      createdAt: at(lead.created),
      updatedAt: at(spec.completed ?? lead.created),
    });
  }

  const content = completeContent();
  const opportunityIds = {} as Record<FixtureOpportunity, string>;
  for (const spec of OPPORTUNITIES) {
    const lead = leadSpecs.get(spec.lead)!;
    const team = teamOf[lead.team];
    const owner = users[lead.owner];
    const [, openedAt] = spec.moves[0]!;
    const [stage, enteredAt] = spec.moves.at(-1)!;
    const [row] = await db
      .insert(opportunities)
      .values({
        leadId: leadIds[spec.lead],
        teamId: team.id,
        ownerId: owner.id,
        name: `报表测试商机 ${spec.key}`,
        estimatedValueMinor: spec.value,
        currency: spec.currency,
        expectedCloseOn: spec.closeOn,
        stage,
        stageEnteredAt: at(enteredAt),
        lossReason: spec.loss?.reason ?? null,
        lossNote: spec.loss?.note ?? null,
        lostFromStage: spec.loss?.from ?? null,
        frozenFloorMinor: spec.contract?.floor ?? null,
        contractAmountMinor: spec.contract?.amount ?? null,
        contractSignedOn: spec.contract?.signedOn ?? null,
        contractPaymentTerms: spec.contract ? "30% 预付，70% 验收" : null,
        contractApprovedById: spec.contract?.approvedBy ? users[spec.contract.approvedBy].id : null,
        createdAt: at(openedAt),
        updatedAt: at(enteredAt),
      })
      .returning({ id: opportunities.id });
    const opportunityId = row!.id;
    opportunityIds[spec.key] = opportunityId;
    await db.insert(opportunityStageChanges).values(
      spec.moves.map(([toStage, when, actor], index) => ({
        opportunityId,
        teamId: team.id,
        fromStage: index === 0 ? null : spec.moves[index - 1]![0],
        toStage,
        actorId: users[actor ?? lead.owner].id,
        at: at(when),
        leftAt: index + 1 < spec.moves.length ? at(spec.moves[index + 1]![1]) : null,
      })),
    );
    if (spec.versions) {
      const [proposal] = await db
        .insert(proposals)
        .values({ opportunityId, teamId: team.id, ownerId: owner.id, content, createdAt: at(openedAt), updatedAt: at(openedAt) })
        .returning({ id: proposals.id });
      for (const version of spec.versions) {
        await db.insert(proposalVersions).values({
          proposalId: proposal!.id,
          opportunityId,
          teamId: team.id,
          ownerId: owner.id,
          number: version.number,
          content,
          status: version.status,
          submittedById: owner.id,
          submittedAt: at(version.submitted),
          decidedById: version.decidedBy ? users[version.decidedBy].id : null,
          decidedAt: version.decided ? at(version.decided) : null,
          totalWithVatMinor: version.total,
          totalCurrency: spec.currency,
        });
      }
    }
  }

  for (const review of REVIEWS) {
    const [version] = await db
      .select({ id: proposalVersions.id, teamId: proposalVersions.teamId })
      .from(proposalVersions)
      .where(eq(proposalVersions.opportunityId, opportunityIds[review.opportunity]));
    await db.insert(proposalReviews).values({
      versionId: version!.id,
      teamId: version!.teamId,
      department: review.department,
      reviewerId: users[review.reviewer].id,
      requestedById: users[review.requestedBy].id,
      requestedAt: at(review.requested),
      verdict: review.verdict ?? null,
      submittedAt: review.submitted ? at(review.submitted) : null,
    });
  }

  for (const update of UPDATES) {
    const spec = OPPORTUNITIES.find((candidate) => candidate.key === update.opportunity)!;
    const lead = leadSpecs.get(spec.lead)!;
    await db.insert(auditEvents).values({
      teamId: teamOf[lead.team].id,
      actorId: users[update.by].id,
      entityType: "OPPORTUNITY",
      entityId: opportunityIds[update.opportunity],
      action: "OPPORTUNITY_UPDATED",
      leadId: leadIds[spec.lead],
      before: update.before,
      after: update.after,
      at: at(update.at),
    });
  }

  await deriveFunnelProgress(db);
  return { east, west, users, leads: leadIds, opportunities: opportunityIds };
}
