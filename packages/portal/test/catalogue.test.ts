import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/messages.en.ts";
import { zhCN } from "../src/i18n/messages.zh-cn.ts";
import { translator } from "../src/i18n/translate.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the message catalogues", () => {
  it("say every message in both languages, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, chinese] of Object.entries(zhCN)) {
      const english = en[key as keyof typeof en];
      expect(chinese.trim(), key).not.toBe("");
      expect(english.trim(), key).not.toBe("");
      expect(placeholders(english), key).toEqual(placeholders(chinese));
    }
  });

  it("fill placeholders, numbers formatted for the language", () => {
    expect(translator("zh-CN")("followUps.shown", { shown: 50, total: 1234 })).toBe("显示 50 条，共 1,234 条");
    expect(translator("en")("followUps.shown", { shown: 50, total: 1234 })).toBe("Showing 50 of 1,234");
  });
});
