import { describe, expect, it } from "vitest";
import { jsonDifferences } from "../bench/json-difference.ts";

describe("comparing the raw baseline's answer with the API's", () => {
  it("finds nothing between equal answers, whatever their key order", () => {
    const api = { leads: { edges: [{ node: { id: "1", tier: "A", owner: { displayName: "王芳" } } }], pageInfo: { hasNextPage: true } } };
    const raw = { leads: { pageInfo: { hasNextPage: true }, edges: [{ node: { owner: { displayName: "王芳" }, tier: "A", id: "1" } }] } };
    expect(jsonDifferences(api, raw)).toEqual([]);
  });

  it("names the path of each value that differs, and what is missing on either side", () => {
    const api = { leads: { edges: [{ node: { tier: "A", phone: "+8613800138000" } }, { node: { tier: "B" } }] } };
    const raw = { leads: { edges: [{ node: { tier: "B", nextFollowUp: null } }, { node: { tier: "B" } }, { node: { tier: "C" } }] } };
    expect(jsonDifferences(api, raw)).toEqual([
      "$.leads.edges: 2 items ≠ 3 items",
      '$.leads.edges[0].node.tier: "A" ≠ "B"',
      '$.leads.edges[0].node.phone: "+8613800138000" ≠ missing',
      "$.leads.edges[0].node.nextFollowUp: missing ≠ null",
    ]);
  });

  it("tells a number from its string and null from an empty list", () => {
    expect(jsonDifferences({ amount: "100" }, { amount: 100 })).toEqual(['$.amount: "100" ≠ 100']);
    expect(jsonDifferences({ reviews: null }, { reviews: [] })).toEqual(["$.reviews: null ≠ []"]);
  });

  it("lets a duration that grows between the two requests differ by its tolerance, and no more", () => {
    const api = { reviews: [{ waitedMs: 1_000_000, department: "FINANCE" }] };
    expect(jsonDifferences(api, { reviews: [{ waitedMs: 1_000_040, department: "FINANCE" }] }, { tolerances: { waitedMs: 100 } })).toEqual([]);
    expect(jsonDifferences(api, { reviews: [{ waitedMs: 1_000_400, department: "FINANCE" }] }, { tolerances: { waitedMs: 100 } })).toEqual([
      "$.reviews[0].waitedMs: 1000000 ≠ 1000400",
    ]);
    // The tolerance is for that key only.
    expect(jsonDifferences({ number: 1 }, { number: 2 }, { tolerances: { waitedMs: 100 } })).toEqual(["$.number: 1 ≠ 2"]);
  });

  it("stops at the limit, so a wholly different answer prints a readable diff", () => {
    const api = { edges: Array.from({ length: 50 }, (_, i) => ({ id: `a${i}` })) };
    const raw = { edges: Array.from({ length: 50 }, (_, i) => ({ id: `b${i}` })) };
    expect(jsonDifferences(api, raw, { limit: 3 })).toHaveLength(3);
  });
});
