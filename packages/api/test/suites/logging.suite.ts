import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { describeError } from "../../src/logging/describe-error.ts";
import { createTeam, createUser, FIXTURE_PASSWORD } from "../support/fixtures.ts";
import { captureLog } from "../support/log-capture.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");
const PASSWORD = "Secret-123";
/** As a rep types it, and as the API stores and sends it to PostgreSQL. */
const PHONE = { typed: "138 0013 8000", digits: "13800138000" };

const CAPTURE = `mutation CaptureAtTheShow($input: CaptureLeadInput!) { captureLead(input: $input) { lead { id } } }`;

/**
 * Issue 10, finding 9: a malformed login body put its password in the log, and a failed
 * statement put its parameters (phone numbers) there. Each test sends what leaked then through
 * the real server, captures every line the real logger writes, and looks for the secret in them.
 * Development mode, as it logs the most (stacks included).
 */
export function loggingSuite(database: TestDatabase) {
  describe(`log lines on ${database.driver}`, () => {
    const log = captureLog({ production: false });
    const api = startTestServer(database, { now: NOW, logger: log.logger });
    const db = () => database.handle.db;

    let sent = 0;
    /** POSTs a raw body to /graphql with its own request id, so the test finds the line. */
    async function post(body: string, headers: Record<string, string> = {}) {
      const requestId = `logging-test-${++sent}`;
      const response = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": requestId, ...headers },
        body,
      });
      return { requestId, status: response.status, echoedId: response.headers.get("x-request-id"), body: (await response.json()) as Record<string, unknown> };
    }

    it("answers a malformed JSON body 400 with a GraphQL error, and logs its kind and request id, not the password in it", async () => {
      // The password left unquoted: Node's JSON.parse then quotes it in its message
      // (`Unexpected token 'S', ..."password":Secret-123"... is not valid JSON`).
      const body = `{"query":"mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }","variables":{"email":"a@example.test","password":${PASSWORD}}}`;

      const res = await post(body);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
      const line = await log.requestLine(res.requestId);
      expect(line).toMatchObject({ level: "info", requestId: res.requestId, bodyError: "entity.parse.failed", status: 400, errorCodes: ["BAD_REQUEST"] });
      expect(log.text()).not.toContain(PASSWORD);
    });

    it("answers a body over the limit 413 with a GraphQL error naming the limit", async () => {
      const res = await post(JSON.stringify({ query: "{ __typename }", variables: { password: PASSWORD, padding: "x".repeat(16 * 1024 * 1024) } }));

      expect(res.status).toBe(413);
      expect(res.body).toEqual({ errors: [{ message: "The request body is larger than the limit of 16777216 bytes", extensions: { code: "BAD_REQUEST" } }] });
      expect(await log.requestLine(res.requestId)).toMatchObject({ bodyError: "entity.too.large", errorCodes: ["BAD_REQUEST"] });
      expect(log.text()).not.toContain(PASSWORD);
    });

    it("logs a statement that failed on a phone number with its SQLSTATE, constraint and table, and not the number or its parameters", async () => {
      const team = await createTeam(db());
      const rep = await createUser(db(), { role: "REP", teamId: team.id });
      const login = await post(JSON.stringify({ query: `mutation { login(email: "${rep.email}", password: "${FIXTURE_PASSWORD}") { token } }` }));
      const token = (login.body.data as { login: { token: string } }).login.token;
      // A real statement failing as the database would fail it: a check the service does not
      // know of, added for the length of one request, refuses any lead with a phone.
      await db().execute(sql`alter table leads add constraint logging_test_no_phone check (phone is null) not valid`);
      const input = { channel: "TRADE_SHOW", sourceDetail: "2026 上海工博会", companyName: "恒信精密机械有限公司", contactName: "张伟", phone: PHONE.typed };
      const res = await post(JSON.stringify({ query: CAPTURE, variables: { input } }), { authorization: `Bearer ${token}` }).finally(() =>
        db().execute(sql`alter table leads drop constraint logging_test_no_phone`),
      );

      expect((res.body.errors as { extensions: { code: string } }[])[0]!.extensions.code).toBe("INTERNAL_SERVER_ERROR");
      const line = await log.requestLine(res.requestId);
      expect(line).toMatchObject({
        level: "error",
        operationName: "CaptureAtTheShow",
        errorCodes: ["INTERNAL_SERVER_ERROR"],
        viewerId: rep.id,
        viewerRole: "REP",
        errors: [
          {
            path: "captureLead",
            class: "DrizzleQueryError",
            message: expect.stringMatching(/^Failed query: insert into "leads"/),
            stack: expect.stringMatching(/^DrizzleQueryError: Failed query: [^\n]*\n {4}at /),
            cause: { class: "DatabaseError", pgCode: "23514", constraint: "logging_test_no_phone", table: "leads", message: expect.stringContaining('violates check constraint "logging_test_no_phone"') },
          },
        ],
      });
      const text = log.text();
      for (const secret of [PHONE.digits, PHONE.typed, "0013", token, "params", "parameters", "Failing row"]) expect(text).not.toContain(secret);
    });

    it("never logs a login's password or an Authorization header, and gives each request's id, operation, duration, viewer and error code", async () => {
      const team = await createTeam(db());
      const rep = await createUser(db(), { role: "REP", teamId: team.id });
      const signIn = `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

      const wrong = await post(JSON.stringify({ query: signIn, variables: { email: rep.email, password: PASSWORD } }));
      const inline = await post(JSON.stringify({ query: `mutation Inline { login(email: "${rep.email}", password: "${PASSWORD}") { token } }` }));
      const right = await post(JSON.stringify({ query: signIn, variables: { email: rep.email, password: FIXTURE_PASSWORD } }));
      const token = (right.body.data as { login: { token: string } }).login.token;
      const viewer = await post(JSON.stringify({ query: "query WhoAmI { viewer { id } }" }), { authorization: `Bearer ${token}` });

      expect(await log.requestLine(wrong.requestId)).toMatchObject({ operationName: "SignIn", status: 401, errorCodes: ["UNAUTHENTICATED"], viewerId: null });
      expect(await log.requestLine(inline.requestId)).toMatchObject({ operationName: "Inline", errorCodes: ["UNAUTHENTICATED"] });
      expect(await log.requestLine(right.requestId)).toMatchObject({ level: "info", operationName: "SignIn", operationType: "mutation", status: 200, errorCodes: [] });
      const whoAmI = await log.requestLine(viewer.requestId);
      expect(whoAmI).toMatchObject({ msg: "graphql request", operationName: "WhoAmI", operationType: "query", errorCodes: [], viewerId: rep.id, viewerRole: "REP" });
      expect(whoAmI.durationMs).toEqual(expect.any(Number));
      expect(viewer.echoedId).toBe(viewer.requestId);
      // Nothing of the query's text or variables is on a line, so no secret can be either.
      const text = log.text();
      for (const secret of [PASSWORD, FIXTURE_PASSWORD, token, rep.email, "viewer { id }"]) expect(text).not.toContain(secret);
    });

    it("replaces a client's request id that does not look like one", async () => {
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": `forged ${"x".repeat(200)}` },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      const requestId = res.headers.get("x-request-id")!;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await log.requestLine(requestId)).toMatchObject({ status: 200 });
    });

    it("describes a database error that quotes the value it refused without the value", async () => {
      const failure = await db()
        .execute(sql`select ${PHONE.digits}::uuid`)
        .then(() => null, (error: unknown) => error);

      const described = JSON.stringify(describeError(failure, { stack: true }));
      expect(described).toContain('"pgCode":"22P02"');
      expect(described).toContain("invalid input syntax for type uuid: \\\"…\\\"");
      for (const secret of [PHONE.digits, "params"]) expect(described).not.toContain(secret);
    });
  });
}
