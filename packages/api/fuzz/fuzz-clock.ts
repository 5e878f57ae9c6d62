/**
 * Where the fuzzed server's clock and its demo data start. Fixed, so a seed replays the same
 * answers; valid-looking dates are generated around it.
 */
export const FUZZ_START = new Date("2026-11-27T08:00:00.000Z");

/**
 * A clock that starts at `start` and moves `stepMs` each time it is read: time passes (login
 * locks run out, "now" moves on) yet a run that reads it the same number of times sees the same
 * instants.
 */
export function steppingClock(start: Date, stepMs: number): () => Date {
  let reads = 0;
  return () => new Date(start.getTime() + stepMs * reads++);
}
