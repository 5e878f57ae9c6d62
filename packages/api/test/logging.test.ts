// Issue 10, finding 9: what the logger itself guarantees, whatever a caller hands it. The
// requests that leaked are replayed through the server in suites/logging.suite.ts.
import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.ts";
import { describeError } from "../src/logging/describe-error.ts";
import { apolloLogger } from "../src/logging/logger.ts";
import { captureLog } from "./support/log-capture.ts";

describe("the logger", () => {
  it("redacts authorization, cookies and passwords wherever a careless caller puts them", () => {
    const log = captureLog();
    log.logger.info(
      {
        authorization: "Bearer top-level-token",
        headers: { authorization: "Bearer header-token", cookie: "sid=cookie-value", "set-cookie": "sid=set-cookie-value" },
        req: { body: { password: "body-password", newPassword: "new-password" } },
      },
      "careless",
    );

    const [line] = log.lines();
    expect(line).toMatchObject({
      authorization: "[REDACTED]",
      headers: { authorization: "[REDACTED]", cookie: "[REDACTED]", "set-cookie": "[REDACTED]" },
      req: { body: { password: "[REDACTED]", newPassword: "[REDACTED]" } },
    });
    for (const secret of ["top-level-token", "header-token", "cookie-value", "body-password", "new-password"]) expect(log.text()).not.toContain(secret);
  });

  it("describes an error logged under err without its data: drizzle's params tail and a driver's parameters are left out", () => {
    const log = captureLog({ production: true });
    const driverError = Object.assign(new Error('new row for relation "leads" violates check constraint "leads_phone_check"'), {
      severity: "ERROR",
      code: "23514",
      table_name: "leads",
      constraint_name: "leads_phone_check",
      detail: "Failing row contains (+8613800138000).",
      query: "insert into leads (phone) values ($1)",
      parameters: ["+8613800138000"],
    });
    class DrizzleQueryError extends Error {}
    const wrapped = new DrizzleQueryError('Failed query: insert into "leads" ("phone") values ($1)\nparams: +8613800138000', { cause: driverError });

    log.logger.error({ err: wrapped }, "failed");

    expect(log.lines()[0]!.err).toEqual({
      class: "DrizzleQueryError",
      message: 'Failed query: insert into "leads" ("phone") values ($1)',
      cause: {
        class: "DatabaseError",
        message: 'new row for relation "leads" violates check constraint "leads_phone_check"',
        pgCode: "23514",
        table: "leads",
        constraint: "leads_phone_check",
      },
    });
    expect(log.text()).not.toContain("13800138000");
  });

  it("keeps a stack in development only, its first line the cleaned message", () => {
    const error = new Error("Failed query: select 1\nparams: 13800138000");
    expect(describeError(error, { stack: false }).stack).toBeUndefined();
    const stack = describeError(error, { stack: true }).stack!;
    expect(stack).toMatch(/^Error: Failed query: select 1\n {4}at /);
    expect(stack).not.toContain("13800138000");
  });

  it("leaves out the piece of input JSON.parse quotes in its message", () => {
    const failure = (() => {
      try {
        return JSON.parse('{"password":Secret-123}');
      } catch (error) {
        return error;
      }
    })();
    expect(String((failure as Error).message)).toContain("Secret-123");
    expect(JSON.stringify(describeError(failure, { stack: true }))).not.toContain("Secret-123");
  });

  it("scrubs Apollo's own messages, which embed the error of a failed request", () => {
    const log = captureLog();
    apolloLogger(log.logger).error('Unexpected error processing request: Error: Failed query: select "id" from "leads" where "phone" = $1\nparams: 13800138000');
    expect(log.lines()[0]).toMatchObject({ level: "error", source: "apollo", msg: "Unexpected error processing request: Error: Failed query: select …" });
    expect(log.text()).not.toContain("13800138000");
  });
});

describe("LOG_LEVEL", () => {
  it("defaults to info, takes pino's levels and silent, and refuses anything else, naming the variable", () => {
    expect(readConfig({}).logLevel).toBe("info");
    expect(readConfig({ LOG_LEVEL: "warn" }).logLevel).toBe("warn");
    expect(readConfig({ LOG_LEVEL: "silent" }).logLevel).toBe("silent");
    expect(() => readConfig({ LOG_LEVEL: "verbose" })).toThrow(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});
