// Team EXTRA for the win/loss and velocity suites (issue 9 reports 2 and 3): cases the shared
// fixture (report-fixture.ts) lacks, in a team of their own whose deals all closed in APRIL 2026,
// so the fixture's May figures stay as listed there.
import { proposalContentToJson, validateProposalDraft, type CurrencyCode, type LossReason, type PipelineStage, type ProposalVersionStatus } from "@sales/domain";
import type { Executor } from "../../src/db/database.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { opportunities, opportunityStageChanges } from "../../src/opportunities/opportunity.table.ts";
import { proposals, proposalVersions } from "../../src/proposals/proposal.table.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "./fixtures.ts";
import { COMPLETE_PARTS } from "./pipeline-fixtures.ts";
import { deriveFunnelProgress } from "./funnel-progress.ts";

// The fixture has no won deal without an approved version, none priced in another currency, no
// contract above its proposal, no reason lost twice and no reopened loss. EXTRA is in
// Asia/Shanghai, so April is [03-31T16:00Z, 04-30T16:00Z). Its rep X owns every deal; every lead
// was captured 2026-03-20 02:00Z; no deal is open.
// | deal | value        | moves (UTC, 02:00 unless said)   | outcome                                               |
// | X1   | CNY 10000000 | OPP 04-01, WON 04-10             | contract CNY 10000000, no floor, no proposal           |
// | X2   | CNY 22000000 | OPP 04-02, WON 04-12             | contract CNY 22000000, floor 20000000; v1 APPROVED CNY 21000000 (04-03), v2 APPROVED CNY 20000000 (04-05), v3 REJECTED CNY 30000000 (04-08) |
// | X3   | CNY 5000000  | OPP 04-03, WON 04-15             | contract CNY 5000000; v1 APPROVED priced USD 700000 (04-04)              |
// | X4   | USD 3000000  | OPP 04-04, LOST 04-20            | PRICE                                                  |
// | X5   | CNY 4000000  | OPP 04-05, LOST 04-21            | NO_BUDGET                                              |
// | X6   | CNY 1000000  | OPP 04-06, LOST 04-22            | PRICE                                                  |
// | X7   | CNY 2000000  | OPP 04-01, LOST 04-05, OPP 04-08 (reopened), LOST 04-22 | TIMING (counted once, when lost last) |
// | X8   | CNY 3000000  | OPP 03-25, PROPOSAL 04-30 15:00 (23:00 in Shanghai), LOST 06-10 | NO_DECISION: closed in June, its only April change on the period's last evening |
export const EXTRA_PERIOD = { from: "2026-04-01", to: "2026-05-01" } as const;
export type ExtraDeal = "X1" | "X2" | "X3" | "X4" | "X5" | "X6" | "X7" | "X8";

interface ExtraSpec {
  key: ExtraDeal;
  currency: CurrencyCode;
  value: bigint;
  /** [stage, MM-DD at 02:00 UTC or MM-DDTHH:MM UTC], in order; the last is the stage now. */
  moves: [PipelineStage, string][];
  loss?: LossReason;
  contract?: { amount: bigint; floor: bigint | null };
  versions?: { number: number; status: ProposalVersionStatus; total: bigint; currency: CurrencyCode; submitted: string }[];
}

const EXTRA_DEALS: ExtraSpec[] = [
  { key: "X1", currency: "CNY", value: 10000000n, moves: [["OPPORTUNITY", "04-01"], ["WON", "04-10"]], contract: { amount: 10000000n, floor: null } },
  {
    key: "X2", currency: "CNY", value: 22000000n, moves: [["OPPORTUNITY", "04-02"], ["WON", "04-12"]], contract: { amount: 22000000n, floor: 20000000n },
    versions: [
      { number: 1, status: "APPROVED", total: 21000000n, currency: "CNY", submitted: "04-03" },
      { number: 2, status: "APPROVED", total: 20000000n, currency: "CNY", submitted: "04-05" },
      { number: 3, status: "REJECTED", total: 30000000n, currency: "CNY", submitted: "04-08" },
    ],
  },
  {
    key: "X3", currency: "CNY", value: 5000000n, moves: [["OPPORTUNITY", "04-03"], ["WON", "04-15"]], contract: { amount: 5000000n, floor: null },
    versions: [{ number: 1, status: "APPROVED", total: 700000n, currency: "USD", submitted: "04-04" }],
  },
  { key: "X4", currency: "USD", value: 3000000n, moves: [["OPPORTUNITY", "04-04"], ["LOST", "04-20"]], loss: "PRICE" },
  { key: "X5", currency: "CNY", value: 4000000n, moves: [["OPPORTUNITY", "04-05"], ["LOST", "04-21"]], loss: "NO_BUDGET" },
  { key: "X6", currency: "CNY", value: 1000000n, moves: [["OPPORTUNITY", "04-06"], ["LOST", "04-22"]], loss: "PRICE" },
  { key: "X7", currency: "CNY", value: 2000000n, moves: [["OPPORTUNITY", "04-01"], ["LOST", "04-05"], ["OPPORTUNITY", "04-08"], ["LOST", "04-22"]], loss: "TIMING" },
  { key: "X8", currency: "CNY", value: 3000000n, moves: [["OPPORTUNITY", "03-25"], ["PROPOSAL", "04-30T15:00"], ["LOST", "06-10"]], loss: "NO_DECISION" },
];

export interface ExtraTeam {
  team: TeamRow;
  rep: UserRow;
  deals: Record<ExtraDeal, string>;
}

/** Inserts team EXTRA and its April deals (the table above). */
export async function loadExtraTeam(db: Executor): Promise<ExtraTeam> {
  const team = await createTeam(db, { name: "Extra Fixture" });
  const rep = await createUser(db, { role: "REP", teamId: team.id, displayName: "Rep X" });
  const draft = validateProposalDraft(COMPLETE_PARTS);
  if (!draft.ok) throw new Error("The proposal parts no longer validate");
  const content = proposalContentToJson(draft.value);
  const at = (day: string) => new Date(day.includes("T") ? `2026-${day}:00Z` : `2026-${day}T02:00:00Z`);
  const deals = {} as Record<ExtraDeal, string>;
  for (const spec of EXTRA_DEALS) {
    const [lead] = await db
      .insert(leads)
      .values({
        teamId: team.id,
        ownerId: rep.id,
        channel: "TRADE_SHOW",
        companyName: `额外测试公司 ${spec.key}`,
        contactName: `联系人 ${spec.key}`,
        email: `${spec.key.toLowerCase()}@extra.example.com`,
        status: "CONVERTED",
        createdAt: at("03-20"),
        updatedAt: at("03-20"),
      })
      .returning({ id: leads.id });
    const [stage, entered] = spec.moves.at(-1)!;
    const [row] = await db
      .insert(opportunities)
      .values({
        leadId: lead!.id,
        teamId: team.id,
        ownerId: rep.id,
        name: `额外测试商机 ${spec.key}`,
        estimatedValueMinor: spec.value,
        currency: spec.currency,
        expectedCloseOn: "2026-04-30",
        stage,
        stageEnteredAt: at(entered),
        lossReason: spec.loss ?? null,
        lostFromStage: spec.loss ? spec.moves.at(-2)![0] : null,
        frozenFloorMinor: spec.contract?.floor ?? null,
        contractAmountMinor: spec.contract?.amount ?? null,
        contractSignedOn: spec.contract ? `2026-${entered}` : null,
        createdAt: at(spec.moves[0]![1]),
        updatedAt: at(entered),
      })
      .returning({ id: opportunities.id });
    deals[spec.key] = row!.id;
    await db.insert(opportunityStageChanges).values(
      spec.moves.map(([toStage, day], index) => ({
        opportunityId: row!.id,
        teamId: team.id,
        fromStage: index === 0 ? null : spec.moves[index - 1]![0],
        toStage,
        actorId: rep.id,
        at: at(day),
        leftAt: index + 1 < spec.moves.length ? at(spec.moves[index + 1]![1]) : null,
      })),
    );
    if (spec.versions) {
      const [proposal] = await db
        .insert(proposals)
        .values({ opportunityId: row!.id, teamId: team.id, ownerId: rep.id, content, createdAt: at(spec.moves[0]![1]), updatedAt: at(spec.moves[0]![1]) })
        .returning({ id: proposals.id });
      for (const version of spec.versions) {
        await db.insert(proposalVersions).values({
          proposalId: proposal!.id,
          opportunityId: row!.id,
          teamId: team.id,
          ownerId: rep.id,
          number: version.number,
          content,
          status: version.status,
          submittedById: rep.id,
          submittedAt: at(version.submitted),
          decidedAt: at(version.submitted),
          totalWithVatMinor: version.total,
          totalCurrency: version.currency,
        });
      }
    }
  }
  await deriveFunnelProgress(db);
  return { team, rep, deals };
}
