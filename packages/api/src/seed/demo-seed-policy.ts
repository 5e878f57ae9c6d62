// Demo data holds accounts with a published password (admin@demo.example.com / demo-2026), so
// it goes only where nobody can mistake it for real data (issue 10, finding 4): the embedded
// database of a developer's machine, or a PostgreSQL database someone explicitly asked for it in.
// Never under NODE_ENV=production, whatever was asked.

export interface DemoSeedRequest {
  production: boolean;
  driver: "pglite" | "postgres";
  /** `--demo` or SEED_DEMO=1: the operator asked for demo data in this database. */
  requested: boolean;
  /**
   * Run by `pnpm start` before the API (`--on-start`) rather than typed as `pnpm db:seed`: where
   * no demo data belongs, the start command carries on without it instead of failing.
   */
  onStart: boolean;
}

export type DemoSeedDecision = { action: "SEED" } | { action: "SKIP"; reason: string } | { action: "REFUSE"; reason: string };

export function decideDemoSeed(request: DemoSeedRequest): DemoSeedDecision {
  if (request.production) {
    if (request.onStart && !request.requested) return { action: "SKIP", reason: "NODE_ENV=production: no demo data is seeded." };
    return {
      action: "REFUSE",
      reason:
        "Refusing to seed demo data under NODE_ENV=production: it creates accounts whose password is published. " +
        "Create the first admin with `pnpm create-admin` instead.",
    };
  }
  if (request.driver === "pglite" || request.requested) return { action: "SEED" };
  const hint = "demo data goes into PostgreSQL only when asked for with --demo or SEED_DEMO=1.";
  return request.onStart ? { action: "SKIP", reason: `Not seeding: ${hint}` } : { action: "REFUSE", reason: `Refusing to seed: ${hint}` };
}

/** SEED_DEMO=1 or `--demo`; any other SEED_DEMO value is a mistake worth stopping for. */
export function demoSeedRequested(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  const flag = env.SEED_DEMO ?? "";
  if (flag !== "" && flag !== "1") throw new Error(`SEED_DEMO must be 1 or unset, got "${flag}"`);
  return flag === "1" || argv.includes("--demo");
}
