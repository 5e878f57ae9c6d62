// Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) into self time per package and per
// function, so a profile can be read in a terminal without DevTools.

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  /** Microseconds since the sample before; the first is since the profile's start. */
  timeDeltas: number[];
}

export interface CallFrame {
  functionName: string;
  url: string;
  /** Zero-based, as V8 writes it. */
  lineNumber: number;
}

export interface SelfTime {
  name: string;
  /** Where it is defined, `file:line` (one-based); only for functions. */
  location?: string;
  selfMs: number;
  /** Of the busy time. */
  share: number;
}

export interface ProfileSummary {
  /** Sampled time the thread was not idle: what the shares are of. */
  busyMs: number;
  /** Waiting for work (the event loop had nothing to run); left out of every table. */
  idleMs: number;
  byPackage: SelfTime[];
  byFunction: SelfTime[];
}

/**
 * What a frame's time is charged to: the npm package it runs in (the last `node_modules/` of its
 * path, so pnpm's `.pnpm/x@1/node_modules/x` is `x`), "project" for the workspace's own
 * packages, "node internals" for Node's own modules and V8 builtins (no file), "GC", and
 * "(program)/idle" for time in native code V8 cannot attribute (idle time itself is counted apart).
 */
export function packageOf(frame: CallFrame): string {
  if (frame.functionName === "(garbage collector)") return "GC";
  if (frame.functionName === "(program)" || frame.functionName === "(idle)" || frame.functionName === "(root)") return "(program)/idle";
  const path = frame.url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const [first, second] = path.slice(modules + "/node_modules/".length).split("/");
    return first!.startsWith("@") && second ? `${first}/${second}` : first!;
  }
  if (path.includes("/packages/")) return "project";
  if (path === "" || path.startsWith("node:")) return "node internals";
  return "other";
}

/** `file:line` with the file shortened to what identifies it: from the package or `packages/` on. */
export function locationOf(frame: CallFrame): string {
  const path = frame.url.replace(/^file:\/\//, "");
  if (path === "") return "(native)";
  const modules = path.lastIndexOf("/node_modules/");
  const packages = path.lastIndexOf("/packages/");
  const short = modules !== -1 ? path.slice(modules + "/node_modules/".length) : packages !== -1 ? path.slice(packages + 1) : path;
  return `${short}:${frame.lineNumber + 1}`;
}

/**
 * Self time per package and per function, largest first, the `top` largest of each; idle time
 * left out, and the samples of the first `fromMs` of the profile (a server's start-up: loading
 * and compiling modules is not the request path).
 */
export function summariseProfile(profile: CpuProfile, options: { top?: number; fromMs?: number } = {}): ProfileSummary {
  const top = options.top ?? 15;
  const fromUs = (options.fromMs ?? 0) * 1000;
  const selfByNode = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((nodeId, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= fromUs) selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + delta);
  });
  let busyUs = 0;
  let idleUs = 0;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { name: string; location: string; us: number }>();
  for (const node of profile.nodes) {
    const us = selfByNode.get(node.id);
    if (!us) continue;
    if (node.callFrame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const pkg = packageOf(node.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const name = node.callFrame.functionName || "(anonymous)";
    const location = locationOf(node.callFrame);
    // The same function reached by different call paths is one function here.
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const share = (us: number) => (busyUs === 0 ? 0 : us / busyUs);
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    byPackage: [...byPackage]
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: share(us) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    byFunction: [...byFunction.values()]
      .map((entry) => ({ name: entry.name, location: entry.location, selfMs: entry.us / 1000, share: share(entry.us) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
  };
}
