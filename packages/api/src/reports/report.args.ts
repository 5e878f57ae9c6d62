import { ArgsType, Field, ID, Int } from "type-graphql";
import { LocalDateScalar } from "../graphql/scalars.ts";
import { MAX_REPS_PER_PAGE } from "./report-rep-page.ts";

const VISIBILITY =
  "A rep's reports cover their own work, a manager's their team's, an analyst's and an admin's every team; a team or rep you may not see gives an empty report, as the lists do";

@ArgsType()
export class ReportFilterArgs {
  @Field(() => ID, { nullable: true, description: `Only this team. ${VISIBILITY}` })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this rep's work (the current owner)" })
  ownerId?: string | null;
}

@ArgsType()
export class ReportPeriodArgs extends ReportFilterArgs {
  @Field(() => LocalDateScalar, { description: "First day of the period, in each team's time zone" })
  from!: string;

  @Field(() => LocalDateScalar, { description: "Day after the last of the period (exclusive); at most 731 days after `from`" })
  to!: string;
}

@ArgsType()
export class ReportRepPageArgs extends ReportPeriodArgs {
  @Field(() => Int, { defaultValue: 100, description: `Reps per page, 1 to ${MAX_REPS_PER_PAGE}` })
  first!: number;

  @Field(() => String, { nullable: true, description: "The `reps.pageInfo.endCursor` of the previous page" })
  after?: string | null;
}
