import { Field, Int, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../graphql/scalars.ts";

@ObjectType({ description: "A holiday or make-up working day" })
export class CalendarDay {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType({ description: "The span, inclusive, whose holidays and make-up days are known; outside it weekends alone decide" })
export class CalendarCoverage {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar)
  through!: string;
}

@ObjectType({ description: "SOP-3.5 the business-day calendar a team's deadlines are counted in" })
export class TeamCalendar {
  @Field(() => String, { description: "IANA time zone" })
  timeZone!: string;

  @Field(() => [Int], { description: "ISO weekdays normally off, 1 = Monday ... 7 = Sunday" })
  weekendDays!: number[];

  @Field(() => [CalendarDay])
  holidays!: CalendarDay[];

  @Field(() => [CalendarDay], { description: "Weekend days that are official working days (调休)" })
  makeUpWorkdays!: CalendarDay[];

  @Field(() => CalendarCoverage)
  coverage!: CalendarCoverage;
}
