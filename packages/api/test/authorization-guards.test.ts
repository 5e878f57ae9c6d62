// Issue 10, finding 10: authorization by default. Every root field declares who may call it
// (`@Authorized`, checked by access/auth-checker.ts before the resolver runs); the nested fields
// below them read what their parent loaded, which the loaders already filtered by the viewer's
// visibility (access/visibility.ts). A root field added without a guard would be the one door
// that skips both, so this walks the built schema and fails naming it.
import type { GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../src/schema/build-schema.ts";

/**
 * The root fields anyone may call, signed in or not, each with why. Adding one here is a
 * decision a reviewer should see in the diff, not a default.
 */
const PUBLIC_ROOT_FIELDS: ReadonlyMap<string, string> = new Map([
  // The way in: an anonymous caller cannot have signed in yet. It answers a wrong password and
  // an unknown or deactivated account alike, so it reveals nothing but the caller's own token.
  ["Mutation.login", "exchanges credentials for a token; nobody is signed in before it"],
  // Lets a client find out whether its token still works without an error: it returns the
  // caller's own user, null when anonymous, and never anyone else's.
  ["Query.viewer", "the caller themself, or null"],
]);

/** `Type.field` of every root field, with the roles its `@Authorized` allows (empty: any signed-in user), or null without one. */
function rootFieldGuards(schema: GraphQLSchema): Map<string, readonly string[] | null> {
  const storage = getMetadataStorage();
  const handlers = { Query: storage.queries, Mutation: storage.mutations, Subscription: storage.subscriptions };
  const guards = new Map<string, readonly string[] | null>();
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const fieldName of Object.keys(type.getFields())) {
      // type-graphql fills `roles` from @Authorized (on the method or its class) when it builds
      // the schema, and installs the AuthChecker exactly where `roles` is set.
      const definitions = handlers[type.name as keyof typeof handlers].filter((definition) => definition.schemaName === fieldName);
      const guarded = definitions.length > 0 && definitions.every((definition) => definition.roles !== undefined);
      guards.set(`${type.name}.${fieldName}`, guarded ? definitions.flatMap((definition) => definition.roles as string[]) : null);
    }
  }
  return guards;
}

describe("authorization by default (issue 10, finding 10)", () => {
  let guards: Map<string, readonly string[] | null>;
  beforeAll(async () => {
    guards = rootFieldGuards(await buildAppSchema());
  });

  it("every Query and Mutation field declares who may call it, except the public ones listed with their reason", () => {
    const unguarded = [...guards].filter(([field, roles]) => roles === null && !PUBLIC_ROOT_FIELDS.has(field)).map(([field]) => field);
    expect(unguarded, "root fields without @Authorized: guard them, or list them in PUBLIC_ROOT_FIELDS saying why").toEqual([]);
  });

  it("the public list holds only root fields that exist and have no guard, so it cannot drift", () => {
    const stale = [...PUBLIC_ROOT_FIELDS.keys()].filter((field) => guards.get(field) !== null);
    expect(stale, "listed as public but guarded or gone: take them off PUBLIC_ROOT_FIELDS").toEqual([]);
  });

  it("walks the whole schema: the lead, pipeline, report and admin entry points are all guarded", () => {
    expect(guards.size).toBeGreaterThan(50);
    expect(guards.get("Query.leads")).toEqual(["REP", "MANAGER", "ANALYST", "ADMIN"]);
    expect(guards.get("Mutation.reassignLeads")).toEqual(["MANAGER"]);
    expect(guards.get("Mutation.setUserTeam")).toEqual(["ADMIN"]);
    expect(guards.get("Query.apiTokens")).toEqual([]);
  });
});
