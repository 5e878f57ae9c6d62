import { describe, expect, it } from "vitest";
import { localePath, localeStaticPaths, splitLocale } from "../src/i18n/locales.ts";

describe("language paths", () => {
  it("builds every page once per language, under /zh/ and /en/", () => {
    expect(localeStaticPaths()).toEqual([
      { params: { locale: "zh" }, props: { locale: "zh-CN" } },
      { params: { locale: "en" }, props: { locale: "en" } },
    ]);
    expect(localePath("zh-CN", "/login/")).toBe("/zh/login/");
    expect(localePath("en", "/")).toBe("/en/");
  });

  it("reads a path's language and the path within it; a path in no language is the default's", () => {
    expect(splitLocale("/zh/reports/")).toEqual({ locale: "zh-CN", path: "/reports/" });
    expect(splitLocale("/en")).toEqual({ locale: "en", path: "/" });
    expect(splitLocale("/zhx/")).toEqual({ locale: "zh-CN", path: "/zhx/" });
    expect(splitLocale("/")).toEqual({ locale: "zh-CN", path: "/" });
  });
});
