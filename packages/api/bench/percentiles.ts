/** Latency percentiles of one run, in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The nearest-rank percentile (the smallest value with at least q of the values at or below
 * it), so a p99 is always a latency some request really had, never an interpolation between two.
 * NaN for no values: a run that answered nothing has no latency to show.
 */
export function percentile(sortedAscending: readonly number[], q: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1]!;
}

export function latencyPercentiles(latencies: readonly number[]): LatencyPercentiles {
  const sorted = Float64Array.from(latencies).sort();
  const values = Array.from(sorted);
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) };
}
