import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedNextStages,
  checkReopen,
  checkTransition,
  isOpenStage,
  OPEN_STAGES,
  PIPELINE_STAGES,
  stageDurations,
  type PipelineStage,
  type StageChange,
  type TransitionInput,
} from "../src/index.ts";

const ready = { hasApprovedProposal: true, checklistComplete: true };

describe("sop.md pipeline stages", () => {
  it("the stages follow sop.md, without LEAD (the lead itself, before an opportunity exists)", () => {
    expect(PIPELINE_STAGES).toEqual(["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON", "LOST"]);
  });

  it.each<[PipelineStage, boolean]>([
    ["OPPORTUNITY", true],
    ["PROPOSAL", true],
    ["IN_REVIEW", true],
    ["NEGOTIATION", true],
    ["WON", false],
    ["LOST", false],
  ])("%s is open: %s", (stage, open) => {
    expect(isOpenStage(stage)).toBe(open);
    expect((OPEN_STAGES as readonly string[]).includes(stage)).toBe(open);
  });

  it.each<[string, TransitionInput]>([
    ["SOP-5.1 the first proposal moves OPPORTUNITY to PROPOSAL", { from: "OPPORTUNITY", to: "PROPOSAL" }],
    ["SOP-5.3 submitting moves PROPOSAL to IN_REVIEW", { from: "PROPOSAL", to: "IN_REVIEW" }],
    ["SOP-5.4 a proposal returned for revision goes back to PROPOSAL", { from: "IN_REVIEW", to: "PROPOSAL" }],
    ["SOP-5.3 a rejected proposal sends the opportunity back to OPPORTUNITY", { from: "IN_REVIEW", to: "OPPORTUNITY" }],
    ["SOP-6.2 negotiation starts with an approved proposal and a complete checklist", { from: "IN_REVIEW", to: "NEGOTIATION", ...ready }],
    ["SOP-6.3 a signed contract moves NEGOTIATION to WON", { from: "NEGOTIATION", to: "WON" }],
    ["SOP-6.3 an opportunity is lost from OPPORTUNITY", { from: "OPPORTUNITY", to: "LOST" }],
    ["SOP-6.3 an opportunity is lost from PROPOSAL", { from: "PROPOSAL", to: "LOST" }],
    ["SOP-6.3 an opportunity is lost from IN_REVIEW", { from: "IN_REVIEW", to: "LOST" }],
    ["SOP-6.3 an opportunity is lost from NEGOTIATION", { from: "NEGOTIATION", to: "LOST" }],
  ])("%s", (_name, input) => {
    expect(checkTransition(input)).toEqual({ ok: true, value: input.to });
  });

  it.each<[string, TransitionInput, string, PipelineStage[]]>([
    ["a proposal cannot skip to WON", { from: "PROPOSAL", to: "WON" }, "cannot move from PROPOSAL to WON; allowed: IN_REVIEW, LOST", ["IN_REVIEW", "LOST"]],
    [
      "SOP-5.3 a proposal cannot skip review",
      { from: "PROPOSAL", to: "NEGOTIATION", ...ready },
      "cannot move from PROPOSAL to NEGOTIATION; allowed: IN_REVIEW, LOST",
      ["IN_REVIEW", "LOST"],
    ],
    [
      "SOP-5.2 an opportunity cannot be submitted without a proposal",
      { from: "OPPORTUNITY", to: "IN_REVIEW" },
      "cannot move from OPPORTUNITY to IN_REVIEW; allowed: PROPOSAL, LOST",
      ["PROPOSAL", "LOST"],
    ],
    [
      "SOP-6.3 negotiation ends in a contract or a loss, not a new proposal",
      { from: "NEGOTIATION", to: "PROPOSAL" },
      "cannot move from NEGOTIATION to PROPOSAL; allowed: WON, LOST",
      ["WON", "LOST"],
    ],
    ["SOP-6.3 WON is final", { from: "WON", to: "LOST" }, "cannot move from WON to LOST; allowed: none (WON is final)", []],
    [
      "SOP-6.3 a lost opportunity does not move on by itself: reviewing or deciding it needs a reopen first",
      { from: "LOST", to: "IN_REVIEW" },
      "cannot move from LOST to IN_REVIEW; allowed: none (a lost opportunity is reopened first)",
      [],
    ],
    ["staying put is not a move", { from: "IN_REVIEW", to: "IN_REVIEW" }, "cannot move from IN_REVIEW to IN_REVIEW; allowed: OPPORTUNITY, PROPOSAL, NEGOTIATION, LOST", ["OPPORTUNITY", "PROPOSAL", "NEGOTIATION", "LOST"]],
  ])("INVALID_TRANSITION: %s", (_name, input, message, allowed) => {
    expect(checkTransition(input)).toEqual({ ok: false, error: { code: "INVALID_TRANSITION", message, allowed } });
  });

  it.each<[string, Partial<TransitionInput>, string]>([
    ["neither", {}, "without an approved proposal and a completed preparation checklist (SOP-6.2)"],
    ["no approved proposal", { checklistComplete: true }, "without an approved proposal (SOP-6.2)"],
    ["an incomplete checklist", { hasApprovedProposal: true, checklistComplete: false }, "without a completed preparation checklist (SOP-6.2)"],
  ])("SOP-6.2 negotiation cannot start with %s, and the refusal says what is missing", (_name, facts, missing) => {
    expect(checkTransition({ from: "IN_REVIEW", to: "NEGOTIATION", ...facts })).toEqual({
      ok: false,
      error: { code: "INVALID_TRANSITION", message: `cannot move from IN_REVIEW to NEGOTIATION ${missing}`, allowed: ["OPPORTUNITY", "PROPOSAL", "NEGOTIATION", "LOST"] },
    });
  });

  it.each<[string, PipelineStage, PipelineStage]>([
    ["SOP-6.3 a lost opportunity reopens into the stage it was lost from", "LOST", "PROPOSAL"],
    ["SOP-6.3 an opportunity lost in review reopens in review, its proposal still waiting", "LOST", "IN_REVIEW"],
    ["SOP-6.2 reopening into NEGOTIATION with the approved proposal and checklist", "LOST", "NEGOTIATION"],
  ])("%s", (_name, from, lostFrom) => {
    expect(checkReopen({ from, lostFrom, ...ready })).toEqual({ ok: true, value: lostFrom });
  });

  it.each<[string, Parameters<typeof checkReopen>[0], string, PipelineStage[]]>([
    [
      "SOP-6.3 only a lost opportunity is reopened: one in review waits for the manager's decision",
      { from: "IN_REVIEW", lostFrom: null },
      "only a lost opportunity can be reopened; this one is IN_REVIEW",
      ["OPPORTUNITY", "PROPOSAL", "NEGOTIATION", "LOST"],
    ],
    ["SOP-6.3 a won opportunity is not reopened", { from: "WON", lostFrom: null }, "only a lost opportunity can be reopened; this one is WON", []],
    ["a lost opportunity without its previous stage cannot reopen", { from: "LOST", lostFrom: null }, "cannot reopen: the stage it was lost from is not known", []],
    [
      "SOP-6.2 reopening an opportunity lost in negotiation checks the preconditions again",
      { from: "LOST", lostFrom: "NEGOTIATION", hasApprovedProposal: true },
      "cannot move from LOST to NEGOTIATION without a completed preparation checklist (SOP-6.2)",
      ["NEGOTIATION"],
    ],
  ])("INVALID_TRANSITION: %s", (_name, input, message, allowed) => {
    expect(checkReopen(input)).toEqual({ ok: false, error: { code: "INVALID_TRANSITION", message, allowed } });
  });

  it("every allowed move is accepted and every other refused with the allowed list", () => {
    const stage = fc.constantFrom(...PIPELINE_STAGES);
    fc.assert(
      fc.property(stage, stage, (from, to) => {
        const allowed = allowedNextStages(from);
        const result = checkTransition({ from, to, ...ready });
        if (allowed.includes(to)) {
          expect(result).toEqual({ ok: true, value: to });
        } else {
          expect(result).toMatchObject({ ok: false, error: { code: "INVALID_TRANSITION", allowed } });
          if (!result.ok) expect(result.error.message).toContain(`cannot move from ${from} to ${to}; allowed: ${allowed.join(", ") || "none"}`);
        }
      }),
    );
  });

  it("every open stage can be lost, and no move leaves WON or LOST (a lost one is reopened)", () => {
    for (const stage of OPEN_STAGES) expect(allowedNextStages(stage)).toContain("LOST");
    expect(allowedNextStages("WON")).toEqual([]);
    expect(allowedNextStages("LOST")).toEqual([]);
  });
});

describe("stageDurations: time spent in each stage", () => {
  const at = (iso: string) => new Date(iso);

  it("lists each stage in order, a revision round included, the current one running until now", () => {
    const history: StageChange[] = [
      { to: "OPPORTUNITY", at: at("2026-03-02T09:00:00Z") },
      { to: "PROPOSAL", at: at("2026-03-03T09:00:00Z") },
      { to: "IN_REVIEW", at: at("2026-03-05T09:00:00Z") },
      { to: "PROPOSAL", at: at("2026-03-06T09:00:00Z") },
      { to: "IN_REVIEW", at: at("2026-03-06T15:00:00Z") },
    ];
    const hour = 3_600_000;
    expect(stageDurations(history, at("2026-03-07T15:00:00Z"))).toEqual([
      { stage: "OPPORTUNITY", enteredAt: at("2026-03-02T09:00:00Z"), leftAt: at("2026-03-03T09:00:00Z"), durationMs: 24 * hour },
      { stage: "PROPOSAL", enteredAt: at("2026-03-03T09:00:00Z"), leftAt: at("2026-03-05T09:00:00Z"), durationMs: 48 * hour },
      { stage: "IN_REVIEW", enteredAt: at("2026-03-05T09:00:00Z"), leftAt: at("2026-03-06T09:00:00Z"), durationMs: 24 * hour },
      { stage: "PROPOSAL", enteredAt: at("2026-03-06T09:00:00Z"), leftAt: at("2026-03-06T15:00:00Z"), durationMs: 6 * hour },
      { stage: "IN_REVIEW", enteredAt: at("2026-03-06T15:00:00Z"), leftAt: null, durationMs: 24 * hour },
    ]);
  });

  it("sorts the history by time without changing the caller's array", () => {
    const history: StageChange[] = [
      { to: "PROPOSAL", at: at("2026-03-03T00:00:00Z") },
      { to: "OPPORTUNITY", at: at("2026-03-02T00:00:00Z") },
    ];
    expect(stageDurations(history, at("2026-03-04T00:00:00Z")).map((entry) => entry.stage)).toEqual(["OPPORTUNITY", "PROPOSAL"]);
    expect(history[0]?.to).toBe("PROPOSAL");
  });

  it("no history, no stages; a clock behind the last change gives zero, not a negative time", () => {
    expect(stageDurations([], at("2026-03-04T00:00:00Z"))).toEqual([]);
    expect(stageDurations([{ to: "WON", at: at("2026-03-04T00:00:00Z") }], at("2026-03-03T00:00:00Z"))[0]?.durationMs).toBe(0);
  });

  it("the durations add up to the time from the first change until now", () => {
    const change = fc.record({ to: fc.constantFrom(...PIPELINE_STAGES), at: fc.integer({ min: 0, max: 10 ** 12 }).map((ms) => new Date(ms)) });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 10 ** 9 }), (history, afterLast) => {
        const times = history.map((entry) => entry.at.getTime());
        const now = new Date(Math.max(...times) + afterLast);
        const durations = stageDurations(history, now);
        expect(durations).toHaveLength(history.length);
        expect(durations.reduce((sum, entry) => sum + entry.durationMs, 0)).toBe(now.getTime() - Math.min(...times));
      }),
    );
  });
});
