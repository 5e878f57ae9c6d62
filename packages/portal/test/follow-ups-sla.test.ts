import { describe, expect, it } from "vitest";
import { addDays, defaultSlaPeriod, onTimeShare, slaInstants, startOfDayIn, validSlaPeriod } from "../src/follow-ups/sla-period.ts";

describe("the first-contact SLA's period (SOP-3.5: days in the team's time zone)", () => {
  it("starts a day at midnight in the team's zone", () => {
    expect(startOfDayIn("2026-12-01", "Asia/Shanghai")).toBe("2026-11-30T16:00:00.000Z");
    expect(startOfDayIn("2026-12-01", "UTC")).toBe("2026-12-01T00:00:00.000Z");
    expect(startOfDayIn("2026-12-01", "America/New_York")).toBe("2026-12-01T05:00:00.000Z");
  });

  it("finds midnight on a day the offset changes", () => {
    // New York goes to summer time on 2026-03-08 at 02:00; midnight is still on winter time.
    expect(startOfDayIn("2026-03-08", "America/New_York")).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayIn("2026-03-09", "America/New_York")).toBe("2026-03-09T04:00:00.000Z");
    // Auckland leaves summer time (+13) on 2026-04-05 at 03:00: that day's midnight is still +13,
    // though midnight UTC that day is already on +12.
    expect(startOfDayIn("2026-04-05", "Pacific/Auckland")).toBe("2026-04-04T11:00:00.000Z");
  });

  it("sends [first day's start, the day after the last's start)", () => {
    expect(slaInstants({ from: "2026-11-04", to: "2026-12-01" }, "Asia/Shanghai")).toEqual({
      from: "2026-11-03T16:00:00.000Z",
      to: "2026-12-01T16:00:00.000Z",
    });
  });

  it("defaults to the last four weeks, today (in the team's zone) included", () => {
    // 20:00 UTC on 1 December is already 2 December in Shanghai.
    expect(defaultSlaPeriod("Asia/Shanghai", new Date("2026-12-01T20:00:00Z"))).toEqual({ from: "2026-11-05", to: "2026-12-02" });
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });

  it("takes real dates, the first no later than the last", () => {
    expect(validSlaPeriod({ from: "2026-11-01", to: "2026-11-01" })).toBe(true);
    expect(validSlaPeriod({ from: "2026-11-02", to: "2026-11-01" })).toBe(false);
    expect(validSlaPeriod({ from: "2026-02-30", to: "2026-03-01" })).toBe(false);
    expect(validSlaPeriod({ from: "", to: "2026-03-01" })).toBe(false);
  });

  it("shares on time over due, and none when nothing was due", () => {
    expect(onTimeShare({ due: 4, contactedOnTime: 3 })).toBe(0.75);
    expect(onTimeShare({ due: 0, contactedOnTime: 0 })).toBeNull();
  });
});
