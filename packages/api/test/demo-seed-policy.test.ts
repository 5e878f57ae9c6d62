import { describe, expect, it } from "vitest";
import { decideDemoSeed, demoSeedRequested, type DemoSeedRequest } from "../src/seed/demo-seed-policy.ts";

// Issue 10, finding 4: demo accounts (with their published password) only where they are wanted.
describe("when demo data is seeded", () => {
  const request = (overrides: Partial<DemoSeedRequest>): DemoSeedRequest => ({
    production: false,
    driver: "pglite",
    requested: false,
    onStart: false,
    ...overrides,
  });

  it.each<[string, "SEED" | "SKIP" | "REFUSE", Partial<DemoSeedRequest>]>([
    ["the embedded database, by pnpm db:seed", "SEED", {}],
    ["the embedded database, by pnpm start", "SEED", { onStart: true }],
    ["PostgreSQL with --demo", "SEED", { driver: "postgres", requested: true }],
    ["PostgreSQL with SEED_DEMO=1, by pnpm start", "SEED", { driver: "postgres", requested: true, onStart: true }],
    ["PostgreSQL without --demo, by pnpm start: the API starts without demo data", "SKIP", { driver: "postgres", onStart: true }],
    ["PostgreSQL without --demo, by pnpm db:seed", "REFUSE", { driver: "postgres" }],
    ["production, by pnpm start: the API starts without demo data", "SKIP", { production: true, onStart: true }],
    ["production, by pnpm db:seed", "REFUSE", { production: true }],
    ["production with --demo", "REFUSE", { production: true, requested: true }],
    ["production with SEED_DEMO=1, by pnpm start", "REFUSE", { production: true, requested: true, onStart: true }],
    ["production on PostgreSQL with --demo", "REFUSE", { production: true, driver: "postgres", requested: true }],
  ])("%s: %s", (_case, action, overrides) => {
    expect(decideDemoSeed(request(overrides)).action).toBe(action);
  });

  it("reads the request from --demo or SEED_DEMO=1, and stops on any other SEED_DEMO value", () => {
    expect(demoSeedRequested({}, ["node", "seed-cli.ts"])).toBe(false);
    expect(demoSeedRequested({}, ["node", "seed-cli.ts", "--demo"])).toBe(true);
    expect(demoSeedRequested({ SEED_DEMO: "1" }, [])).toBe(true);
    expect(() => demoSeedRequested({ SEED_DEMO: "yes" }, [])).toThrow(/SEED_DEMO must be 1 or unset/);
  });
});
