import { Field, InputType, Int } from "type-graphql";

export const TEAM_NAME_MAX_LENGTH = 100;

// Dates are plain strings here, not LocalDate: a malformed or impossible date (2026-02-30)
// then reaches validateCalendarSpec, which names the exact field (input.holidays[3].date),
// instead of failing variable coercion with no field at all.

@InputType({ description: "A day in a team calendar" })
export class CalendarDayInput {
  @Field(() => String, { description: "YYYY-MM-DD" })
  date!: string;

  @Field(() => String, { nullable: true, description: "e.g. 国庆节" })
  name?: string | null;
}

@InputType({ description: "The span, inclusive, whose holidays and make-up days are known" })
export class CalendarCoverageInput {
  @Field(() => String, { description: "YYYY-MM-DD" })
  from!: string;

  @Field(() => String, { description: "YYYY-MM-DD" })
  through!: string;
}

@InputType({ description: "SOP-3.5 a team's business-day calendar, replaced as a whole" })
export class CalendarInput {
  @Field(() => String, { description: "IANA time zone, e.g. Asia/Shanghai" })
  timeZone!: string;

  @Field(() => [Int], { nullable: true, description: "ISO weekdays normally off, 1 = Monday ... 7 = Sunday; default [6, 7]" })
  weekendDays?: number[] | null;

  @Field(() => [CalendarDayInput], { nullable: true, description: "Days off, inside the coverage" })
  holidays?: CalendarDayInput[] | null;

  @Field(() => [CalendarDayInput], { nullable: true, description: "Weekend days that are working days (调休), inside the coverage" })
  makeUpWorkdays?: CalendarDayInput[] | null;

  @Field(() => CalendarCoverageInput)
  coverage!: CalendarCoverageInput;
}
