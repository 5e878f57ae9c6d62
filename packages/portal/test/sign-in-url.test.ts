import { describe, expect, it } from "vitest";
import { safeNextPath, signInUrl } from "../src/session/sign-in-url.ts";

const origin = "http://localhost:4000";

describe("signInUrl", () => {
  it("is the sign-in page of the current page's language, with the page (query and all) as next", () => {
    expect(signInUrl(new URL(`${origin}/zh/follow-ups/?team=1`))).toBe("/zh/login/?next=%2Fzh%2Ffollow-ups%2F%3Fteam%3D1");
    expect(signInUrl(new URL(`${origin}/en/reports/#funnel`))).toBe("/en/login/?next=%2Fen%2Freports%2F%23funnel");
  });
});

describe("safeNextPath", () => {
  it("keeps a path on this site", () => {
    expect(safeNextPath("/en/follow-ups/?team=1#top", origin)).toBe("/en/follow-ups/?team=1#top");
    expect(safeNextPath("/zh/reports/", origin)).toBe("/zh/reports/");
    expect(safeNextPath("/", origin)).toBe("/");
  });

  it("refuses anything that could leave the site, and the sign-in page itself", () => {
    for (const next of [null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "follow-ups/", "/login/", "/zh/login/", "/en/login/?next=/x"]) {
      expect(safeNextPath(next, origin), String(next)).toBeNull();
    }
  });
});
