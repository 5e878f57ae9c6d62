import { describe, expect, it } from "vitest";
import { locationOf, packageOf, summariseProfile, type CallFrame, type CpuProfile } from "../bench/cpu-profile-summary.ts";

const frame = (functionName: string, url: string, lineNumber = 0): CallFrame => ({ functionName, url, lineNumber });
const PNPM = "file:///work/main/node_modules/.pnpm";

describe("charging a CPU profile's time to packages", () => {
  it("charges a function to the npm package it runs in, through pnpm's nested node_modules and scopes", () => {
    expect(packageOf(frame("is", `${PNPM}/drizzle-orm@0.45.4_postgres@3.4.9/node_modules/drizzle-orm/entity.js`))).toBe("drizzle-orm");
    expect(packageOf(frame("x", `${PNPM}/@apollo+server@5.5.1/node_modules/@apollo/server/dist/esm/runHttpQuery.js`))).toBe("@apollo/server");
  });

  it("charges the workspace's own packages to the project, Node's modules and builtins to node internals", () => {
    expect(packageOf(frame("findLeadPage", "file:///work/main/packages/api/src/leads/lead-queries.ts"))).toBe("project");
    expect(packageOf(frame("writeGeneric", "node:internal/stream_base_commons"))).toBe("node internals");
    expect(packageOf(frame("stringify", ""))).toBe("node internals");
  });

  it("keeps garbage collection and unattributed native time apart", () => {
    expect(packageOf(frame("(garbage collector)", ""))).toBe("GC");
    expect(packageOf(frame("(program)", ""))).toBe("(program)/idle");
  });

  it("locates a function by its package path or project path and its one-based line", () => {
    expect(locationOf(frame("is", `${PNPM}/drizzle-orm@0.45.4/node_modules/drizzle-orm/entity.js`, 2))).toBe("drizzle-orm/entity.js:3");
    expect(locationOf(frame("f", "file:///work/main/packages/api/src/server.ts", 9))).toBe("packages/api/src/server.ts:10");
    expect(locationOf(frame("stringify", ""))).toBe("(native)");
  });
});

describe("summarising a CPU profile", () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame("(root)", "") },
      { id: 2, callFrame: frame("(idle)", "") },
      { id: 3, callFrame: frame("is", `${PNPM}/drizzle-orm@0.45.4/node_modules/drizzle-orm/entity.js`, 2) },
      // The same function reached by another call path.
      { id: 4, callFrame: frame("is", `${PNPM}/drizzle-orm@0.45.4/node_modules/drizzle-orm/entity.js`, 2) },
      { id: 5, callFrame: frame("(garbage collector)", "") },
      { id: 6, callFrame: frame("findLeadPage", "file:///work/main/packages/api/src/leads/lead-queries.ts", 40) },
    ],
    samples: [2, 3, 4, 5, 6, 6, 2],
    timeDeltas: [5000, 1000, 2000, 3000, 1000, 3000, 9000],
  };

  it("sums each package's and function's self time, largest first, as shares of the busy time", () => {
    const summary = summariseProfile(profile);
    expect(summary.busyMs).toBe(10);
    expect(summary.idleMs).toBe(14);
    expect(summary.byPackage).toEqual([
      { name: "project", selfMs: 4, share: 0.4 },
      { name: "drizzle-orm", selfMs: 3, share: 0.3 },
      { name: "GC", selfMs: 3, share: 0.3 },
    ]);
    expect(summary.byFunction[0]).toEqual({ name: "findLeadPage", location: "packages/api/src/leads/lead-queries.ts:41", selfMs: 4, share: 0.4 });
    expect(summary.byFunction.find((entry) => entry.name === "is")).toMatchObject({ location: "drizzle-orm/entity.js:3", selfMs: 3 });
  });

  it("leaves out the samples before `fromMs` (the server's start-up) and keeps only the top entries", () => {
    // Samples at 5, 6, 8, 11, 12, 15 and 24 ms after the start: from 9 ms on, GC and findLeadPage remain.
    const summary = summariseProfile(profile, { fromMs: 9, top: 1 });
    expect(summary.busyMs).toBe(7);
    expect(summary.byPackage).toEqual([{ name: "project", selfMs: 4, share: 4 / 7 }]);
    expect(summary.byFunction).toHaveLength(1);
  });
});
