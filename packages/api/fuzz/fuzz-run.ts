import { USER_ROLES, type UserRole } from "@sales/domain";
import type { GraphQLSchema } from "graphql";
import { createRandom } from "../src/seed/random.ts";
import { stringifyDeep } from "./deep-json.ts";
import { harvest, type FuzzPools } from "./fuzz-pools.ts";
import { generateOperation, rootFields, shuffled, type FuzzOperation } from "./operation-generator.ts";

/** Every role, and nobody signed in. */
export const FUZZ_ROLES: readonly FuzzRole[] = [...USER_ROLES, "ANONYMOUS"];
export type FuzzRole = UserRole | "ANONYMOUS";

/** The code Apollo gives an error nobody expected (production shows only "Internal server error"). */
const INTERNAL = "INTERNAL_SERVER_ERROR";

export interface FuzzOptions {
  /** The API's base URL; operations go to `${url}/graphql`. */
  url: string;
  schema: GraphQLSchema;
  seed: number;
  requests: number;
  pools: FuzzPools;
  /** A fresh session token for the role's account, and its user id; called again when a session ends. */
  signIn(role: UserRole): Promise<{ token: string; userId: string }>;
  /** Longer than the server's own request time limit: past it, the server counts as stalled. */
  timeoutMs?: number;
  onProgress?(done: number, total: number): void;
}

/** One request that the server answered with an internal error, a 5xx, something not JSON, or not at all. */
export interface FuzzFailure {
  index: number;
  rootField: string;
  role: FuzzRole;
  query: string;
  variables: Record<string, unknown>;
  requestId: string;
  status: number | null;
  problem: string;
}

export interface FieldTally {
  sent: number;
  /** Roles it was sent as. */
  roles: Set<FuzzRole>;
  /** Answers with data and no error at all. */
  answered: number;
  codes: Map<string, number>;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  byField: Map<string, FieldTally>;
  /** Error codes over all answers; OK counts answers without errors. */
  byCode: Map<string, number>;
  /** Sessions signed in again after an answer said UNAUTHENTICATED (a fuzzed logout, say). */
  signIns: number;
  failures: FuzzFailure[];
}

/**
 * Sends `requests` generated operations, one at a time so a seed replays the same run, and
 * checks every answer. Root fields are sent in rounds (each round every field once, shuffled),
 * and a field's role moves on one place each round, so with as many requests as six rounds
 * every field has been sent as every role. Slightly more than half the operations carry only
 * valid-looking arguments; the rest have some made invalid.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const random = createRandom(options.seed);
  const fields = rootFields(options.schema);
  const roleOffset = new Map(fields.map((root) => [root.coordinate, random.int(0, FUZZ_ROLES.length - 1)]));
  const sessions = new Map<UserRole, { token: string; userId: string }>();
  const report: FuzzReport = { seed: options.seed, requests: 0, byField: new Map(), byCode: new Map(), signIns: 0, failures: [] };
  const session = async (role: UserRole) => {
    let current = sessions.get(role);
    if (!current) {
      current = await options.signIn(role);
      sessions.set(role, current);
    }
    return current;
  };

  let order = shuffled(fields, random);
  for (let index = 0; index < options.requests; index++) {
    const position = index % fields.length;
    if (position === 0 && index > 0) order = shuffled(fields, random);
    const round = Math.floor(index / fields.length);
    const root = order[position]!;
    const role = FUZZ_ROLES[(roleOffset.get(root.coordinate)! + round) % FUZZ_ROLES.length]!;
    const signedIn = role === "ANONYMOUS" ? null : await session(role);
    const operation = generateOperation(options.schema, root, {
      random,
      pools: options.pools,
      invalid: random.chance(0.45),
      viewerId: signedIn?.userId ?? null,
    });
    const requestId = `fuzz-${options.seed}-${index}`;
    // Clients come from a few addresses (the server trusts the loopback proxy), so a fuzzed
    // `login` is throttled per address like a real client's, away from the fuzzer's own sign-ins.
    const clientAddress = `203.0.113.${random.int(1, 8)}`;
    const answer = await send(options, operation, { requestId, clientAddress, token: signedIn?.token ?? null });
    report.requests++;
    tally(report, operation.rootField, role, answer.codes, answer.hasData);
    if (answer.problem !== null) {
      report.failures.push({ index, rootField: operation.rootField, role, query: operation.query, variables: operation.variables, requestId, status: answer.status, problem: answer.problem });
    }
    if (answer.data !== undefined) harvest(options.pools, root.field.name, answer.data);
    // A fuzzed `logout` (or the like) may end the role's session: sign in again when it has.
    if (role !== "ANONYMOUS" && signedIn && answer.codes.includes("UNAUTHENTICATED") && !(await stillSignedIn(options.url, signedIn))) {
      sessions.delete(role);
      report.signIns++;
    }
    options.onProgress?.(index + 1, options.requests);
  }
  return report;
}

interface Answer {
  status: number | null;
  codes: string[];
  hasData: boolean;
  data?: unknown;
  /** Why this answer is a failure, or null. */
  problem: string | null;
}

async function send(options: FuzzOptions, operation: FuzzOperation, request: { requestId: string; clientAddress: string; token: string | null }): Promise<Answer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${options.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-request-id": request.requestId,
        "x-forwarded-for": request.clientAddress,
        ...(request.token !== null && { authorization: `Bearer ${request.token}` }),
      },
      body: stringifyDeep({ query: operation.query, variables: operation.variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    return { status: null, codes: ["NO_ANSWER"], hasData: false, problem: `no answer: ${(error as Error).message}` };
  }
  const status = response.status;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status, codes: ["NOT_JSON"], hasData: false, problem: `HTTP ${status}, not JSON: ${text.slice(0, 200)}` };
  }
  const body = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  const codes = (body.errors ?? []).map((error) => (typeof error.extensions?.code === "string" ? error.extensions.code : "NO_CODE"));
  const hasData = body.data !== undefined && body.data !== null && codes.length === 0;
  let problem: string | null = null;
  if (status >= 500) problem = `HTTP ${status}`;
  else if (body.data === undefined && body.errors === undefined) problem = `HTTP ${status}, neither data nor errors: ${text.slice(0, 200)}`;
  else if (codes.includes(INTERNAL)) problem = INTERNAL;
  else if (codes.includes("NO_CODE")) problem = "an error without extensions.code";
  return { status, codes, hasData, data: body.data, problem };
}

/** Whether the token still signs in as its user (`viewer` is null, or an error, once the session has ended). */
async function stillSignedIn(url: string, session: { token: string; userId: string }): Promise<boolean> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query: "query Viewer { viewer { id } }" }),
  });
  const body = (await response.json().catch(() => null)) as { data?: { viewer: { id: string } | null } | null } | null;
  return body?.data?.viewer?.id === session.userId;
}

function tally(report: FuzzReport, rootField: string, role: FuzzRole, codes: string[], hasData: boolean): void {
  let field = report.byField.get(rootField);
  if (!field) {
    field = { sent: 0, roles: new Set(), answered: 0, codes: new Map() };
    report.byField.set(rootField, field);
  }
  field.sent++;
  field.roles.add(role);
  if (hasData) field.answered++;
  for (const code of codes.length > 0 ? new Set(codes) : ["OK"]) {
    field.codes.set(code, (field.codes.get(code) ?? 0) + 1);
    report.byCode.set(code, (report.byCode.get(code) ?? 0) + 1);
  }
}
