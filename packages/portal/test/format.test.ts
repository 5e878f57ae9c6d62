import { describe, expect, it } from "vitest";
import { formatDateTime } from "../src/format/date-time.ts";
import { formatMoney } from "../src/format/money.ts";

describe("formatMoney", () => {
  it("formats integer minor units exactly, past what a double holds", () => {
    expect(formatMoney({ amount: "2147483648", currency: "CNY" }, "zh-CN")).toBe("¥21,474,836.48");
    expect(formatMoney({ amount: "12345678901234567890123", currency: "CNY" }, "zh-CN")).toBe("¥123,456,789,012,345,678,901.23");
    expect(formatMoney({ amount: "2147483648", currency: "CNY" }, "en")).toBe("CN¥21,474,836.48");
  });

  it("uses the currency's own number of minor digits, and keeps small and negative amounts", () => {
    expect(formatMoney({ amount: "1234", currency: "JPY" }, "en")).toBe("¥1,234");
    expect(formatMoney({ amount: "5", currency: "USD" }, "en")).toBe("$0.05");
    expect(formatMoney({ amount: "-5", currency: "CNY" }, "zh-CN")).toBe("-¥0.05");
  });

  it("refuses an amount that is not an integer string", () => {
    expect(() => formatMoney({ amount: "1.5", currency: "CNY" }, "zh-CN")).toThrow(/integer string/);
  });
});

describe("formatDateTime", () => {
  it("shows an instant in the team's time zone, worded for the language", () => {
    const instant = "2026-12-01T15:59:00.000Z";
    expect(formatDateTime(instant, "zh-CN", "Asia/Shanghai")).toBe("2026年12月1日 23:59");
    expect(formatDateTime(instant, "en", "Asia/Shanghai")).toBe("Dec 1, 2026, 23:59");
    expect(formatDateTime(instant, "en", "America/Los_Angeles")).toBe("Dec 1, 2026, 07:59");
  });
});
