// ISO-8601 instants with offset, and calendar dates (YYYY-MM-DD) that are not midnight timestamps.
export { DateTimeResolver as DateTimeScalar, LocalDateResolver as LocalDateScalar } from "graphql-scalars";
