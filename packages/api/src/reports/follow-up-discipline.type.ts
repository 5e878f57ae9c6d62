import type { Tier } from "@sales/domain";
import { Field, ObjectType } from "type-graphql";
import { TierEnum } from "../graphql/enums.ts";
import { DrilledCount, DrilledRatio, ReportOverPeriod, ReportTeam, repPageType } from "./report.type.ts";

const FOLLOW_UP_COUNT =
  "Follow-ups (跟进) planned for the lead, cancelled ones and contacts logged after the fact left out; the drill gives their leads, each once";

@ObjectType({ description: "SOP-3 follow-up discipline of all reps, one rep, one tier, or one rep's leads of one tier" })
export class FollowUpDisciplineRow {
  @Field(() => TierEnum, { nullable: true, description: "The lead's tier now; null in the totals over every tier" })
  tier!: Tier | null;

  @Field(() => DrilledCount, { description: `Due (截止) in the period and done at or before the due time. ${FOLLOW_UP_COUNT}` })
  doneOnTime!: DrilledCount;

  @Field(() => DrilledCount, { description: `Due in the period and done after the due time. ${FOLLOW_UP_COUNT}` })
  doneLate!: DrilledCount;

  @Field(() => DrilledCount, { description: `Due in the period, not done, and the due time has passed: missed. ${FOLLOW_UP_COUNT}` })
  missed!: DrilledCount;

  @Field(() => DrilledCount, { description: `Due in the period, not done, and not due yet. ${FOLLOW_UP_COUNT}` })
  stillOpen!: DrilledCount;

  @Field(() => DrilledCount, { description: `Open and past the due time now (逾期), whenever it fell due: the queue's isOverdue. ${FOLLOW_UP_COUNT}` })
  overdueNow!: DrilledCount;

  @Field(() => DrilledCount, {
    description:
      "Unattended leads: captured before the period's end, not disqualified, and never reached (no first contact and no contact since; unanswered calls do not count), as they are now",
  })
  unattended!: DrilledCount;

  @Field(() => DrilledRatio, {
    description:
      "First contact (首次联系) SLA, as firstContactSla counts it: leads reached at or before their first-contact deadline ÷ leads whose deadline lies in the period; both drills give leads",
  })
  firstContactSla!: DrilledRatio;
}

@ObjectType({ description: "One rep's follow-up discipline in one team: the leads they own now" })
export class FollowUpDisciplineRep {
  repId!: string;
  teamId!: string;

  @Field(() => ReportTeam)
  team!: ReportTeam;

  @Field(() => FollowUpDisciplineRow, { description: "Over every tier" })
  total!: FollowUpDisciplineRow;

  @Field(() => [FollowUpDisciplineRow], { description: "Tiers A, B and C, each present even when empty" })
  byTier!: FollowUpDisciplineRow[];
}

export const FollowUpDisciplineRepPage = repPageType("FollowUpDisciplineRepPage", FollowUpDisciplineRep);
export type FollowUpDisciplineRepPage = InstanceType<typeof FollowUpDisciplineRepPage>;

@ObjectType({
  description:
    "SOP-3 follow-up discipline: follow-ups due in the period done on time, late or missed, overdue now, unattended leads and the first-contact SLA, by rep (the lead's owner now) and by tier (the lead's tier now)",
})
export class FollowUpDiscipline extends ReportOverPeriod {
  @Field(() => FollowUpDisciplineRow)
  total!: FollowUpDisciplineRow;

  @Field(() => [FollowUpDisciplineRow], { description: "Tiers A, B and C, each present even when empty" })
  byTier!: FollowUpDisciplineRow[];

  @Field(() => FollowUpDisciplineRepPage, { description: "Reps with any of the figures, by name" })
  reps!: FollowUpDisciplineRepPage;
}
