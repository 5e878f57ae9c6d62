import { localDate, type BusinessCalendar, type LossReason } from "@sales/domain";
import { DEMO_LOSSES, DEMO_PROJECTS, demoNegotiationPrep, demoProposal } from "./demo-pipeline-catalog.ts";
import { createRandom, type Random } from "./random.ts";

/** Where a demo opportunity is taken to: a pipeline stage, and for proposals their review state. */
export const JOURNEYS = [
  "OPPORTUNITY",
  "DRAFT",
  "SUBMITTED",
  "IN_REVIEW",
  "RETURNED",
  "REJECTED",
  "APPROVED",
  "NEGOTIATION",
  "AWAITING_APPROVAL",
  "WON",
  "LOST",
] as const;
export type Journey = (typeof JOURNEYS)[number];

/**
 * Percent of a team's opportunities on each journey once every journey has appeared: the demo
 * opportunities were opened over the last 90 days, so most are still early or open, as in a
 * young pipeline; about a fifth are closed, lost a little more often than won.
 */
const JOURNEY_WEIGHTS: Readonly<Record<Journey, number>> = {
  OPPORTUNITY: 22,
  DRAFT: 18,
  SUBMITTED: 6,
  IN_REVIEW: 8,
  RETURNED: 5,
  REJECTED: 3,
  APPROVED: 5,
  NEGOTIATION: 10,
  AWAITING_APPROVAL: 2,
  WON: 9,
  LOST: 12,
};

/** A lost deal is given up before a proposal, while writing it, or in negotiation (never mid-review). */
const LOST_AFTER: readonly { journey: Journey; weight: number }[] = [
  { journey: "OPPORTUNITY", weight: 50 },
  { journey: "DRAFT", weight: 30 },
  { journey: "NEGOTIATION", weight: 20 },
];

/** The most steps a journey takes after the opening (LOST from NEGOTIATION: nine, plus the loss). */
const MAX_STEPS = 10;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEED = 20270105;

export interface DemoDeal {
  journey: Journey;
  /** For LOST: the journey walked before the deal was given up. */
  lostAfter: Journey | null;
  loss: { reason: LossReason; note: string };
  name: string;
  estimatedValueMinor: bigint;
  expectedCloseOn: string;
  proposal: ReturnType<typeof demoProposal>;
  prep: ReturnType<typeof demoNegotiationPrep>;
  /** WON: at or above the floor; AWAITING_APPROVAL: below it. */
  contractMinor: bigint;
  /** Time between the deal's steps, so the last one lands before the seed's clock. */
  stepMs: number;
}

/**
 * Everything about the demo opportunity of the lead at seed position `index`, which is its
 * team's `teamPosition`-th converted lead: the first ones take every journey in turn, so even a
 * small seed shows each stage and review state; later ones are drawn by JOURNEY_WEIGHTS. The
 * same lead always gets the same deal. Values run from ¥50,000 to ¥5,000,000, more small deals
 * than large; close dates from 30 days ago to 180 days ahead, never before the opening.
 */
export function planDemoDeal(index: number, teamPosition: number, openedAt: Date, now: Date, calendar: BusinessCalendar): DemoDeal {
  const random = createRandom(SEED + index * 7_919);
  const journey = JOURNEYS[teamPosition] ?? weighted(random, JOURNEYS.map((j) => ({ journey: j, weight: JOURNEY_WEIGHTS[j] })));
  const lostAfter = journey === "LOST" ? weighted(random, LOST_AFTER) : null;
  const project = random.pick(DEMO_PROJECTS);
  const phase = random.pick(["", "", "（一期）", "（二期）"]);

  const valueYuan = roundDown(50_000 * 100 ** random.next(), 1_000);
  // The floor sits 8–15 % under the estimate; a won contract lands between the two, one
  // waiting for approval a few percent under the floor.
  const floorYuan = roundDown((valueYuan * random.int(85, 92)) / 100, 1_000);
  const contractYuan =
    journey === "AWAITING_APPROVAL"
      ? roundDown((floorYuan * random.int(92, 98)) / 100, 100)
      : floorYuan + roundDown((valueYuan - floorYuan) * random.next(), 100);

  const closeAt = new Date(Math.max(openedAt.getTime(), now.getTime() + random.int(-30, 180) * DAY));
  const dateAfterClose = (days: number) => localDate(calendar, new Date(closeAt.getTime() + days * DAY));
  const valueMinor = fen(valueYuan);
  const room = Math.max(0, now.getTime() - openedAt.getTime()) / (MAX_STEPS + 1);
  return {
    journey,
    lostAfter,
    loss: random.pick(DEMO_LOSSES),
    name: `${project.name}${phase}`,
    estimatedValueMinor: valueMinor,
    expectedCloseOn: dateAfterClose(0),
    proposal: demoProposal(project, valueMinor, [dateAfterClose(0), dateAfterClose(30), dateAfterClose(50), dateAfterClose(60)]),
    prep: demoNegotiationPrep(fen(floorYuan)),
    contractMinor: fen(contractYuan),
    stepMs: Math.min(random.int(6, 96) * HOUR, room),
  };
}

function weighted(random: Random, options: readonly { journey: Journey; weight: number }[]): Journey {
  let roll = random.next() * options.reduce((sum, option) => sum + option.weight, 0);
  for (const option of options) {
    roll -= option.weight;
    if (roll < 0) return option.journey;
  }
  return options.at(-1)!.journey;
}

const roundDown = (amount: number, step: number) => Math.floor(amount / step) * step;
const fen = (yuan: number) => BigInt(yuan) * 100n;
