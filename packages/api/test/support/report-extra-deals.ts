// Rows a report suite adds beside the shared fixture (support/report-fixture.ts) for a case the
// fixture lacks, written directly with exact times like the fixture, always in a team of their
// own so the fixture's figures stay as its header lists them.
import { proposalContentToJson, validateProposalDraft, type CurrencyCode, type PipelineStage, type ProposalVersionStatus, type ReviewDepartment } from "@sales/domain";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import type { Executor } from "../../src/db/database.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { opportunities, opportunityStageChanges } from "../../src/opportunities/opportunity.table.ts";
import { proposals, proposalVersions } from "../../src/proposals/proposal.table.ts";
import { proposalReviews } from "../../src/reviews/review.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { COMPLETE_PARTS } from "./pipeline-fixtures.ts";
import { deriveFunnelProgress } from "./funnel-progress.ts";

export interface ExtraDeal {
  name: string;
  owner: UserRow;
  currency?: CurrencyCode;
  value: bigint;
  closeOn: string;
  /** [stage, at] in order, by the owner; the last is the stage now. */
  moves: [PipelineStage, Date][];
}

let sequence = 0;

/** A lead and its opportunity with the given stage history; returns the opportunity's id. */
export async function insertDeal(db: Executor, deal: ExtraDeal): Promise<string> {
  sequence += 1;
  const [first] = deal.moves;
  const [stage, enteredAt] = deal.moves.at(-1)!;
  const [lead] = await db
    .insert(leads)
    .values({
      teamId: deal.owner.teamId!,
      ownerId: deal.owner.id,
      channel: "TRADE_SHOW",
      companyName: `附加测试公司 ${sequence}`,
      contactName: `联系人 ${sequence}`,
      email: `extra${sequence}@fixture.example.com`,
      status: "CONVERTED",
      createdAt: first![1],
      updatedAt: first![1],
    })
    .returning({ id: leads.id });
  const lost = stage === "LOST" ? deal.moves.at(-2)![0] : null;
  const [opportunity] = await db
    .insert(opportunities)
    .values({
      leadId: lead!.id,
      teamId: deal.owner.teamId!,
      ownerId: deal.owner.id,
      name: deal.name,
      estimatedValueMinor: deal.value,
      currency: deal.currency ?? "CNY",
      expectedCloseOn: deal.closeOn,
      stage,
      stageEnteredAt: enteredAt,
      lossReason: lost ? "NO_BUDGET" : null,
      lostFromStage: lost,
      createdAt: first![1],
      updatedAt: enteredAt,
    })
    .returning({ id: opportunities.id });
  await db.insert(opportunityStageChanges).values(
    deal.moves.map(([toStage, at], index) => ({
      opportunityId: opportunity!.id,
      teamId: deal.owner.teamId!,
      fromStage: index === 0 ? null : deal.moves[index - 1]![0],
      toStage,
      actorId: deal.owner.id,
      at,
      leftAt: deal.moves[index + 1]?.[1] ?? null,
    })),
  );
  await deriveFunnelProgress(db);
  return opportunity!.id;
}

/** A submitted proposal version of the deal, and its reviews; returns the version's id. */
export async function insertVersion(
  db: Executor,
  input: {
    opportunityId: string;
    owner: UserRow;
    status: ProposalVersionStatus;
    submittedAt: Date;
    reviews: { department: ReviewDepartment; reviewer: UserRow; requestedBy: UserRow; requestedAt: Date; submittedAt?: Date }[];
  },
): Promise<string> {
  const draft = validateProposalDraft(COMPLETE_PARTS);
  if (!draft.ok) throw new Error("The proposal parts no longer validate");
  const content = proposalContentToJson(draft.value);
  const teamId = input.owner.teamId!;
  const [proposal] = await db
    .insert(proposals)
    .values({ opportunityId: input.opportunityId, teamId, ownerId: input.owner.id, content })
    .returning({ id: proposals.id });
  const [version] = await db
    .insert(proposalVersions)
    .values({
      proposalId: proposal!.id,
      opportunityId: input.opportunityId,
      teamId,
      ownerId: input.owner.id,
      number: 1,
      content,
      status: input.status,
      submittedById: input.owner.id,
      submittedAt: input.submittedAt,
    })
    .returning({ id: proposalVersions.id });
  for (const review of input.reviews) {
    await db.insert(proposalReviews).values({
      versionId: version!.id,
      teamId,
      department: review.department,
      reviewerId: review.reviewer.id,
      requestedById: review.requestedBy.id,
      requestedAt: review.requestedAt,
      verdict: review.submittedAt ? "APPROVE" : null,
      submittedAt: review.submittedAt ?? null,
    });
  }
  return version!.id;
}

/** An OPPORTUNITY_UPDATED audit event as updateOpportunity writes it (changed fields only; the name always). */
export async function insertUpdate(
  db: Executor,
  input: { opportunityId: string; teamId: string; actor: UserRow | null; at: Date; before: Record<string, unknown>; after: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditEvents).values({
    teamId: input.teamId,
    actorId: input.actor?.id ?? null,
    entityType: "OPPORTUNITY",
    entityId: input.opportunityId,
    action: "OPPORTUNITY_UPDATED",
    before: input.before,
    after: input.after,
    at: input.at,
  });
}

/** `days` days of 24 hours (and `ms` more) before `now`. */
export function daysBefore(now: Date, days: number, ms = 0): Date {
  return new Date(now.getTime() - days * 86_400_000 - ms);
}
