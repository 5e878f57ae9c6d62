import { describe, expect, it } from "vitest";
import { latencyPercentiles, percentile } from "../bench/percentiles.ts";

describe("the benchmark's latency percentiles", () => {
  it("reports a latency some request really had (nearest rank), never one between two", () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1); // 1 … 100 ms
    expect(latencyPercentiles(latencies)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(percentile([10, 20], 0.5)).toBe(10);
    expect(percentile([10, 20], 0.51)).toBe(20);
  });

  it("sorts numerically, so a 100 ms request is slower than a 9 ms one", () => {
    expect(latencyPercentiles([9, 100, 20, 3]).p99).toBe(100);
    expect(latencyPercentiles([9, 100, 20, 3]).p50).toBe(9);
  });

  it("shows one request's latency as every percentile, and none for a run that answered nothing", () => {
    expect(latencyPercentiles([42])).toEqual({ p50: 42, p95: 42, p99: 42 });
    expect(latencyPercentiles([]).p95).toBeNaN();
  });
});
