// CPU time and memory of the benchmark's child processes, read from Linux's /proc.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times (100 on nearly every Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU time the process has used so far, all its threads, in milliseconds. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may itself hold spaces: the
  // 14th and 15th fields of the line (utime, stime) are the 12th and 13th after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** A field of /proc/<pid>/status in megabytes (VmRSS now, VmHWM the peak so far). */
export function memoryMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export interface UsageWindow {
  /** CPU ms the processes used since the window opened (summed), and the largest resident set of any one of them meanwhile (MB). */
  close(): { cpuMs: number; rssPeakMb: number };
}

/**
 * Opens a measuring window over `pids`: CPU time from the difference of two readings, resident
 * memory sampled every 100 ms (VmHWM is a peak over the whole life, not over one run).
 */
export function openUsageWindow(pids: readonly number[]): UsageWindow {
  const cpuBefore = pids.map(cpuTimeMs);
  let rssPeakMb = 0;
  const sample = () => {
    rssPeakMb = Math.max(rssPeakMb, ...pids.map((pid) => memoryMb(pid, "VmRSS")));
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    close() {
      clearInterval(timer);
      sample();
      return { cpuMs: pids.reduce((sum, pid, i) => sum + cpuTimeMs(pid) - cpuBefore[i]!, 0), rssPeakMb };
    },
  };
}

/**
 * Waits (at most `limitMs`) until the processes use less than a tenth of a CPU, so a run does not
 * start while a server still works off the last run's requests (an open loop's dropped requests
 * go on running on the server after the client gave up on them).
 */
export async function waitUntilIdle(pids: readonly number[], limitMs = 20_000): Promise<void> {
  const total = () => pids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
  const until = performance.now() + limitMs;
  let before = total();
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = total();
    if (now - before < 50) return;
    before = now;
  }
}

/** The processes of a PostgreSQL server on this machine (its backends and helpers), by their command name. */
function postgresPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/**
 * CPU time the local PostgreSQL server spends while the window is open (ms), over its processes
 * then and any started meanwhile. On this machine the server shares the CPUs with the API and
 * the load generator, so what a page costs it counts against every side's throughput.
 */
export function openPostgresWindow(): { close(): number } {
  const cpuOrZero = (pid: number) => {
    try {
      return cpuTimeMs(pid);
    } catch {
      return 0; // a backend that ended
    }
  };
  const before = new Map(postgresPids().map((pid) => [pid, cpuOrZero(pid)]));
  return {
    close: () => postgresPids().reduce((sum, pid) => sum + cpuOrZero(pid) - (before.get(pid) ?? 0), 0),
  };
}
