import { describe, expect, it } from "vitest";
import { DateTimeScalar, LocalDateScalar } from "../src/graphql/scalars.ts";

describe("the DateTime scalar", () => {
  it("answers a timestamp as its ISO string, the JSON a Date would have become (issue 13: a Date's toJSON slowed every answer's JSON)", () => {
    const answered = DateTimeScalar.serialize(new Date("2026-12-02T07:00:00.123Z"));
    expect(answered).toBe("2026-12-02T07:00:00.123Z");
    expect(JSON.stringify({ at: answered })).toBe(JSON.stringify({ at: new Date("2026-12-02T07:00:00.123Z") }));
  });

  it("still refuses an invalid Date, and still reads input within the years it accepts", () => {
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow(/invalid Date/);
    expect(DateTimeScalar.parseValue("2026-12-02T15:00:00+08:00")).toEqual(new Date("2026-12-02T07:00:00.000Z"));
    expect(() => DateTimeScalar.parseValue("0001-01-01T00:00:00Z")).toThrow(/years/);
  });
});

describe("the LocalDate scalar", () => {
  it("answers a stored date as it is, and refuses an answer that is not a YYYY-MM-DD string (issue 13: answers are checked for their form only)", () => {
    expect(LocalDateScalar.serialize("2027-02-28")).toBe("2027-02-28");
    expect(() => LocalDateScalar.serialize(new Date("2027-02-28T00:00:00Z"))).toThrow(/YYYY-MM-DD/);
    expect(() => LocalDateScalar.serialize("28/02/2027")).toThrow(/YYYY-MM-DD/);
  });

  it("still checks in full what a client sends: a real day, within the years it accepts", () => {
    expect(LocalDateScalar.parseValue("2028-02-29")).toBe("2028-02-29");
    expect(() => LocalDateScalar.parseValue("2027-02-30")).toThrow(/not a valid LocalDate/);
    expect(() => LocalDateScalar.parseValue("0001-01-01")).toThrow(/years/);
  });
});
