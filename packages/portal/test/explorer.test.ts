import { readdirSync, readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAnalyses, parseAnalysis, SAVED_ANALYSES } from "../src/explorer/analyses.ts";
import { editorHeaders } from "../src/explorer/fetcher.ts";
import { resolvePlaceholders } from "../src/explorer/placeholders.ts";
import {
  columnsOf,
  costOf,
  csvRows,
  errorsOf,
  findLists,
  flattenItem,
  listAt,
  nextPageVariables,
  sortRows,
  visibleWindow,
} from "../src/explorer/result-table.ts";
import { LOCALES } from "../src/i18n/locales.ts";

const schema = buildSchema(readFileSync(new URL("../../api/schema.graphql", import.meta.url), "utf8"));
const analysesDir = new URL("../src/explorer/analyses/", import.meta.url);
const files = readdirSync(analysesDir).filter((name) => name.endsWith(".graphql"));

describe("the saved analyses (issue 12)", () => {
  it("are every .graphql file of src/explorer/analyses, as the page bundles them", () => {
    expect(SAVED_ANALYSES.map((analysis) => `${analysis.id}.graphql`).sort()).toEqual([...files].sort());
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    it(`${file} is valid against packages/api/schema.graphql, with a title and explanation in every language`, () => {
      const source = readFileSync(new URL(file, analysesDir), "utf8");
      const analysis = parseAnalysis(file, source);
      for (const locale of LOCALES) {
        expect(analysis.title[locale].length, `${file} title.${locale}`).toBeGreaterThan(2);
        expect(analysis.about[locale].length, `${file} about.${locale}`).toBeGreaterThan(10);
      }
      const errors = validate(schema, parse(source));
      expect(errors.map((error) => error.message)).toEqual([]);
      // The variables line gives a value (or placeholder) for every required variable without a default.
      const variables = JSON.parse(resolvePlaceholders(analysis.variables, { now: new Date(), teamId: "1" })) as Record<string, unknown>;
      const required = [...source.matchAll(/\$(\w+):\s*\w+!(?!\s*=)/g)].map((match) => match[1]!);
      for (const name of required) expect(variables[name], `${file} $${name}`).toBeDefined();
    });
  }

  it("a field the schema does not have fails validation (what the tests above would say of a typo)", () => {
    const typo = SAVED_ANALYSES[0]!.source.replace("leadToWon", "leadToWin");
    expect(validate(schema, parse(typo)).map((error) => error.message)).toEqual([expect.stringContaining('Cannot query field "leadToWin"')]);
  });

  it("refuse a file without a title or explanation in a language, or with variables that are not JSON", () => {
    expect(() => parseAnalysis("x", "# title.zh-CN: 甲\n# about.zh-CN: 乙\n# about.en: b\nquery { viewer { id } }")).toThrow("x: no title.en");
    expect(() => parseAnalysis("x", "# title.zh-CN: 甲\n# title.en: a\n# about.zh-CN: 乙\n# about.en: b\n# variables: {nope}\n{ viewer { id } }")).toThrow("not JSON");
    const parsed = parseAnalysis("x", "# title.zh-CN: 甲\n# title.en: a\n# about.zh-CN: 乙\n# about.en: b\n# variables: {\"a\": 1}\n{ viewer { id } }");
    expect(parsed).toMatchObject({ title: { "zh-CN": "甲", en: "a" }, about: { "zh-CN": "乙", en: "b" } });
    expect(JSON.parse(parsed.variables)).toEqual({ a: 1 });
    expect(loadAnalyses({ "./analyses/10-b.graphql": parsed.source, "./analyses/2-a.graphql": parsed.source }).map((a) => a.id)).toEqual(["2-a", "10-b"]);
  });
});

describe("placeholders in a saved analysis's variables", () => {
  it("give dates relative to today, an instant days ago and the team", () => {
    const now = new Date(2026, 11, 31, 15, 30); // 31 Dec 2026, local time
    const text = resolvePlaceholders('{"from": "{{yearStart}}", "to": "{{tomorrow}}", "day": "{{today}}", "since": "{{daysAgo:7}}", "teamId": "{{team}}", "other": "{{nope}}", "plain": "x"}', {
      now,
      teamId: "42",
    });
    expect(JSON.parse(text)).toEqual({
      from: "2026-01-01",
      to: "2027-01-01",
      day: "2026-12-31",
      since: new Date(now.getTime() - 7 * 86_400_000).toISOString(),
      teamId: "42",
      other: "{{nope}}",
      plain: "x",
    });
    expect(JSON.parse(resolvePlaceholders('{"teamId": "{{team}}"}', { now, teamId: null }))).toEqual({ teamId: null });
  });
});

const leadsAnswer = {
  leads: {
    totalCount: 3,
    edges: [
      { node: { id: "1", companyName: "华东科技", owner: { displayName: "王芳", team: { name: "East" } }, tier: "A", value: { amount: "100.50", currency: "CNY" } } },
      { node: { id: "2", companyName: "Acme, \"Ltd\"", owner: { displayName: "Li", team: null }, tier: "C", value: null } },
      { node: { id: "10", companyName: "=cmd()", owner: { displayName: "Zhou", team: { name: "South" } }, tier: "B", value: { amount: "-3.00", currency: "USD" } } },
    ],
    pageInfo: { hasNextPage: true, endCursor: "abc" },
  },
};

describe("the results table", () => {
  it("finds a connection's nodes, a page's nodes and plain lists, with their pageInfo", () => {
    expect(findLists(leadsAnswer)).toEqual([{ path: ["leads"], items: leadsAnswer.leads.edges.map((edge) => edge.node), pageInfo: { hasNextPage: true, endCursor: "abc" } }]);
    const scorecard = { repScorecard: { reps: { nodes: [{ a: 1 }], pageInfo: { hasNextPage: false, endCursor: null } } } };
    expect(findLists(scorecard)).toEqual([{ path: ["repScorecard", "reps"], items: [{ a: 1 }], pageInfo: { hasNextPage: false, endCursor: null } }]);
    const funnel = { pipelineFunnel: { byTier: [{ tier: "A" }], byChannel: [{ channel: "WEB" }], from: "2026-01-01" } };
    expect(findLists(funnel).map((list) => list.path.join("."))).toEqual(["pipelineFunnel.byTier", "pipelineFunnel.byChannel"]);
    expect(findLists(null)).toEqual([]);
    expect(listAt(leadsAnswer, ["leads"])?.items).toHaveLength(3);
    expect(listAt(leadsAnswer, ["nope"])).toBeUndefined();
  });

  it("flattens nested objects to dotted columns and short lists of objects to indexed ones", () => {
    const rows = findLists(leadsAnswer)[0]!.items.map((item) => flattenItem(item));
    expect(rows[0]).toEqual({ id: "1", companyName: "华东科技", "owner.displayName": "王芳", "owner.team.name": "East", tier: "A", "value.amount": "100.50", "value.currency": "CNY" });
    expect(rows[1]).toEqual({ id: "2", companyName: 'Acme, "Ltd"', "owner.displayName": "Li", "owner.team": null, tier: "C", value: null });
    expect(columnsOf(rows)).toEqual(["id", "companyName", "owner.displayName", "owner.team.name", "tier", "value.amount", "value.currency", "owner.team", "value"]);
    expect(flattenItem({ tier: "A", steps: [{ step: "CAPTURED", count: 5 }, { step: "WON", count: 1 }], reasons: ["x", "y"] })).toEqual({
      tier: "A",
      "steps[0].step": "CAPTURED",
      "steps[0].count": 5,
      "steps[1].step": "WON",
      "steps[1].count": 1,
      reasons: "x; y",
    });
    expect(flattenItem({ many: Array.from({ length: 13 }, (_, i) => ({ i })) }).many).toBe(JSON.stringify(Array.from({ length: 13 }, (_, i) => ({ i }))));
    expect(flattenItem("plain")).toEqual({ value: "plain" });
  });

  it("sorts numbers as numbers, text in the language's order, empty cells last, stably", () => {
    const rows = [{ n: 10, s: "b" }, { n: 9, s: null }, { n: null, s: "a" }, { n: 100, s: "b" }];
    expect(sortRows(rows, "n", "ascending", "en").map((row) => row.n)).toEqual([9, 10, 100, null]);
    expect(sortRows(rows, "n", "descending", "en").map((row) => row.n)).toEqual([100, 10, 9, null]);
    expect(sortRows(rows, "s", "ascending", "en").map((row) => row.n)).toEqual([null, 10, 100, 9]);
    expect(sortRows([{ id: "10" }, { id: "9" }], "id", "ascending", "en").map((row) => row.id)).toEqual(["9", "10"]);
  });

  it("makes the CSV's lines from columns and rows (quoting and the BOM are src/reports/csv.ts's, tested there)", () => {
    expect(csvRows(["a", "b.c"], [{ a: 1, "b.c": null }, { a: true, "b.c": "x" }])).toEqual([["a", "b.c"], ["1", ""], ["true", "x"]]);
  });

  it("pages a connection only when the operation declares $after and there is a next page", () => {
    expect(nextPageVariables({ first: 50 }, { hasNextPage: true, endCursor: "abc" }, true)).toEqual({ first: 50, after: "abc" });
    expect(nextPageVariables({ first: 50 }, { hasNextPage: true, endCursor: "abc" }, false)).toBeNull();
    expect(nextPageVariables({ first: 50 }, { hasNextPage: false, endCursor: "abc" }, true)).toBeNull();
    expect(nextPageVariables(undefined, null, true)).toBeNull();
  });

  it("shows errors as the API sends them: code, message, path, and the request limits", () => {
    const answer = {
      errors: [
        { message: "Request cost is at least 30,000, over the limit of 25,000: …", extensions: { code: "REQUEST_TOO_COMPLEX", limit: "cost", max: 25000, actual: 30000 } },
        { message: "Not yours", path: ["leads", "edges", 0, "node", "phone"], extensions: { code: "FORBIDDEN" } },
        { message: "plain" },
      ],
      extensions: { cost: { requested: 51, limit: 25000 } },
    };
    expect(errorsOf(answer)).toEqual([
      { code: "REQUEST_TOO_COMPLEX", message: answer.errors[0]!.message, path: null, limit: { limit: "cost", max: 25000, actual: 30000 } },
      { code: "FORBIDDEN", message: "Not yours", path: "leads.edges.0.node.phone", limit: null },
      { code: null, message: "plain", path: null, limit: null },
    ]);
    expect(costOf(answer)).toEqual({ requested: 51, limit: 25000 });
    expect(costOf({ data: {} })).toBeNull();
    expect(errorsOf({ data: {} })).toEqual([]);
  });

  it("renders only the rows in view, with the space of the others above and below", () => {
    expect(visibleWindow(10_000, 32, 448, 0, 10)).toEqual({ start: 0, end: 24, before: 0, after: (10_000 - 24) * 32 });
    expect(visibleWindow(10_000, 32, 448, 32 * 5000, 10)).toEqual({ start: 4990, end: 5024, before: 4990 * 32, after: (10_000 - 5024) * 32 });
    expect(visibleWindow(10_000, 32, 448, 32 * 10_000, 10)).toMatchObject({ end: 10_000, after: 0 });
    expect(visibleWindow(5, 32, 448, 0, 10)).toEqual({ start: 0, end: 5, before: 0, after: 0 });
    expect(visibleWindow(0, 32, 448, 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it("sends the header editor's headers but not the two the explorer sets", () => {
    expect(editorHeaders({ Authorization: "Bearer x", "Content-Type": "text/plain", accept: "x", n: 1, gone: null })).toEqual({ Authorization: "Bearer x", n: "1" });
    expect(editorHeaders(undefined)).toEqual({});
  });
});
