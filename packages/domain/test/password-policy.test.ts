import { describe, expect, it } from "vitest";
import { PASSWORD_MAX_LENGTH, validatePassword } from "../src/index.ts";

const account = { email: "li.wei@example.com" };

describe("password policy (issue 10, finding 3)", () => {
  it.each([
    ["letters and a space", "correct horse battery"],
    ["letters, hyphens and digits", "fixture-password-2026"],
    ["upper and lower case letters only", "TigerLilyMoon"],
    ["Chinese characters and digits", "我的销售管道密码2026"],
    ["exactly ten characters", "Lotus9pond"],
    ["a common word inside a longer phrase", "my password is blue lotus"],
    [`exactly ${PASSWORD_MAX_LENGTH} characters`, "ab1".repeat(66) + "cd"],
  ])("accepts %s: %j", (_case, password) => {
    expect(validatePassword(password, account)).toEqual({ ok: true, value: password });
  });

  it.each([
    ["9 characters", "Lotus9pon", "TOO_SHORT"],
    ["9 characters once NFKC composes n and a combining accent", "Lotus9pon\u0301", "TOO_SHORT"],
    [`${PASSWORD_MAX_LENGTH + 1} characters`, "ab1".repeat(67), "TOO_LONG"],
    ["lower-case letters only", "bluelotuspond", "ONE_CHARACTER_CLASS"],
    ["digits only", "20261127080000", "ONE_CHARACTER_CLASS"],
    ["Chinese characters only", "我的销售管道密码很长啊", "ONE_CHARACTER_CLASS"],
    ["symbols only", "!@#$%^&*()_+", "ONE_CHARACTER_CLASS"],
    ["one letter repeated with a digit", "aaaaaaaaa1", "REPETITIVE"],
    ["two characters alternating", "1a1a1a1a1a1a", "REPETITIVE"],
    ["the email address", "li.wei@example.com", "CONTAINS_EMAIL"],
    ["the email's name part with digits", "Li.Wei2026!", "CONTAINS_EMAIL"],
    ["a leaked-list password", "1qaz2wsx3edc", "COMMON_PASSWORD"],
    ["a leaked-list password in another case", "P@ssw0rd123", "COMMON_PASSWORD"],
    ["a common word with digits and symbols around it", "Password2026!", "COMMON_PASSWORD"],
    ["the Chinese 'I love you' with 1314", "woaini1314!", "COMMON_PASSWORD"],
    ["the demo seed's kind of password", "demo-2026-01", "COMMON_PASSWORD"],
  ])("refuses %s (%j) with %s, naming password", (_case, password, code) => {
    const result = validatePassword(password, account);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ field: "password", code });
  });

  it("checks the email only when there is one, and lets a name part under 4 characters appear", () => {
    expect(validatePassword("li.wei@example.com", { email: null }).ok).toBe(true);
    expect(validatePassword("li-river-2026", { email: "li@example.com" }).ok).toBe(true);
  });
});
