import { describe, expect, it } from "vitest";
import { chinaMainlandCalendar, firstContactSlaStatus, queueBucket, type QueueBucket } from "../src/index.ts";
import { shanghai } from "./support/time.ts";

const china = chinaMainlandCalendar();

describe("SOP-3.6 a rep's queue", () => {
  it.each<[string, string, string, QueueBucket]>([
    ["a follow-up due an hour ago is overdue", "2026-03-06T09:00", "2026-03-06T10:00", "OVERDUE"],
    ["a follow-up due later today is due today", "2026-03-06T23:59:59.999", "2026-03-06T10:00", "DUE_TODAY"],
    ["a follow-up due this very moment is due today", "2026-03-06T10:00", "2026-03-06T10:00", "DUE_TODAY"],
    ["a follow-up due tomorrow is upcoming", "2026-03-07T08:00", "2026-03-06T10:00", "UPCOMING"],
    ["today is the Shanghai day even just after local midnight", "2026-03-06T20:00", "2026-03-06T00:30", "DUE_TODAY"],
  ])("SOP-3.6 %s", (_name, dueAt, now, bucket) => {
    expect(queueBucket(shanghai(dueAt), shanghai(now), china)).toBe(bucket);
  });
});

describe("SOP-3.6 first-contact SLA", () => {
  const slaDueAt = shanghai("2026-03-11T23:59:59.999");
  it.each<[string, string | null, string, "KEPT" | "MISSED" | "PENDING"]>([
    ["reaching the customer before the deadline keeps it", "2026-03-09T10:00", "2026-03-20T10:00", "KEPT"],
    ["reaching the customer at the last millisecond keeps it", "2026-03-11T23:59:59.999", "2026-03-20T10:00", "KEPT"],
    ["reaching the customer after the deadline misses it", "2026-03-12T00:00", "2026-03-20T10:00", "MISSED"],
    ["no contact yet before the deadline is pending", null, "2026-03-10T10:00", "PENDING"],
    ["no contact by the deadline misses it", null, "2026-03-12T00:00", "MISSED"],
  ])("SOP-3.6 %s", (_name, firstContactAt, now, status) => {
    expect(firstContactSlaStatus({ slaDueAt, firstContactAt: firstContactAt ? shanghai(firstContactAt) : null, now: shanghai(now) })).toBe(status);
  });
});
