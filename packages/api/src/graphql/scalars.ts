// ISO-8601 instants with offset, and calendar dates (YYYY-MM-DD) that are not midnight timestamps:
// graphql-scalars' own, with their years bounded, since PostgreSQL refuses year 0 and a date a
// thousand years off is a typo, not a lead (issue 10, finding 8).
import { EARLIEST_YEAR, LATEST_YEAR } from "@sales/domain";
import type { GraphQLScalarType, GraphQLScalarTypeConfig } from "graphql";
import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";

const acceptedYear = (year: number): boolean => year >= EARLIEST_YEAR && year <= LATEST_YEAR;
const yearOfIso = (iso: string): number => Number(iso.slice(0, 4));

/**
 * `base` with part of its config replaced. Made with graphql-scalars' own GraphQLScalarType class:
 * graphql-js refuses a schema whose types come from two copies of it, and our import of "graphql"
 * may be the other build (ESM vs CJS).
 */
function remade<T>(base: GraphQLScalarType, change: (config: GraphQLScalarTypeConfig<T, unknown>) => Partial<GraphQLScalarTypeConfig<T, unknown>>): GraphQLScalarType {
  const Scalar = base.constructor as new (config: GraphQLScalarTypeConfig<T, unknown>) => GraphQLScalarType;
  const config = base.toConfig() as GraphQLScalarTypeConfig<T, unknown>;
  return new Scalar({ ...config, ...change(config) });
}

/** Input parsed as `config` parses it, refused outside the accepted years. */
function boundedYears<T>(config: GraphQLScalarTypeConfig<T, unknown>, yearOf: (value: T) => number): Partial<GraphQLScalarTypeConfig<T, unknown>> {
  const inRange = (value: T): T => {
    if (!acceptedYear(yearOf(value))) throw new TypeError(`Dates must fall in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`);
    return value;
  };
  return {
    parseValue: (value) => inRange(config.parseValue!(value)),
    parseLiteral: (node, variables) => inRange(config.parseLiteral!(node, variables)),
  };
}

/**
 * graphql-scalars' DateTime answers a `Date`, which JSON.stringify then turns into the same ISO
 * string by calling its `toJSON`: a call out of the serializer's fast path for every timestamp of
 * every row, which made the leads page's answer take four times as long to write (issue 13: 210
 * against 50 µs; 12 % of the page's CPU). Answered as the string itself, the JSON is the same.
 */
export const DateTimeScalar = remade<Date>(DateTimeResolver, (config) => ({
  ...boundedYears(config, (instant) => instant.getUTCFullYear()),
  serialize: (value) => (config.serialize!(value) as Date).toISOString(),
}));

/**
 * graphql-scalars' LocalDate checks every date it answers by making a `Date` of it and comparing
 * its ISO string (2 % of the pipeline page's CPU, issue 13). What the API answers comes from
 * PostgreSQL's `date` columns or the domain's calendar, always a real day, so the answer is
 * checked for its form only; what a client sends is still checked in full.
 */
const LOCAL_DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;

export const LocalDateScalar = remade<string>(LocalDateResolver, (config) => ({
  ...boundedYears(config, yearOfIso),
  serialize: (value) => {
    if (typeof value === "string" && LOCAL_DATE_FORM.test(value)) return value;
    throw new TypeError(`LocalDate cannot represent ${JSON.stringify(value)}: not a YYYY-MM-DD string`);
  },
}));
