// The mixed load: reads of the manager's leads page with writes among them, 80/20, each write a
// step of a rep's day (README): capture a lead, assess it, complete its next follow-up. The
// writes go through the real services (duplicate detection, tiers, business-day deadlines,
// audit, idempotency keys), so each capture adds a lead with its assessment and follow-ups to
// the database: run it on a benchmark database only.
import { randomInt, randomUUID } from "node:crypto";
import type autocannon from "autocannon";

export const WRITE_KINDS = ["capture", "assess", "complete"] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export interface WriteCounts {
  answered: Record<WriteKind | "read", number>;
  failed: Record<WriteKind | "read", number>;
}

interface RequestContext {
  kind?: WriteKind | "read";
  token?: string;
}

const CAPTURE = `mutation Capture($input: CaptureLeadInput!, $key: String!) {
  captureLead(input: $input, idempotencyKey: $key) { lead { id tier nextFollowUp { id kind dueAt } } duplicates { leadId } } }`;
const ASSESS = `mutation Assess($leadId: ID!, $key: String!) {
  assessLead(leadId: $leadId, input: { needUrgency: HIGH, budget: HIGH, decisionAuthority: MEDIUM }, idempotencyKey: $key) {
    tier tierReasons nextFollowUp { id kind channel dueAt } } }`;
const COMPLETE = `mutation Complete($id: ID!, $key: String!) {
  completeFollowUp(id: $id, input: { outcome: CONNECTED, interest: RAISED, signals: [PRICE_OR_PROCESS_QUESTION] }, idempotencyKey: $key) {
    completed { status } next { kind dueAt } lead { needsReassessment } } }`;

/**
 * The requests of the mixed load, shared by all connections: every fifth request overall is a
 * write (as a rep, the reps taken in turn so their rows spread), the others read the leads page
 * as the manager. Each write is the next step of some lead's day: completing a follow-up an
 * assessment planned, else assessing a lead a capture made, else capturing a new one; so over a
 * run the three come about equally often. The steps wait in queues shared by all connections,
 * since autocannon gives a connection's context a fresh start with every cycle of requests.
 */
export function writeMix(options: { readBody: string; managerToken: string; repTokens: readonly string[] }): {
  requests: autocannon.Request[];
  /** Answers and failures by kind since the last reset. */
  counts: WriteCounts;
  /** Forgets the warm-up's answers. */
  resetCounts: () => void;
} {
  const counts: WriteCounts = { answered: zeroCounts(), failed: zeroCounts() };
  let sent = 0;
  let nextRep = 0;
  const toAssess: { token: string; leadId: string }[] = [];
  const toComplete: { token: string; followUpId: string }[] = [];
  const graphql = (token: string, body: string): autocannon.Request => ({
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  const mutation = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables: { ...variables, key: randomUUID() } });
  const nextWrite = (context: RequestContext): autocannon.Request => {
    const completion = toComplete.shift();
    if (completion) {
      Object.assign(context, { kind: "complete", token: completion.token });
      return graphql(completion.token, mutation(COMPLETE, { id: completion.followUpId }));
    }
    const assessment = toAssess.shift();
    if (assessment) {
      Object.assign(context, { kind: "assess", token: assessment.token });
      return graphql(assessment.token, mutation(ASSESS, { leadId: assessment.leadId }));
    }
    const token = options.repTokens[nextRep++ % options.repTokens.length]!;
    Object.assign(context, { kind: "capture", token });
    return graphql(token, mutation(CAPTURE, { input: newLead() }));
  };
  const request: autocannon.Request = {
    setupRequest: (defaults, context: RequestContext) => {
      if (++sent % 5 !== 0) {
        context.kind = "read";
        return { ...defaults, ...graphql(options.managerToken, options.readBody) };
      }
      return { ...defaults, ...nextWrite(context) };
    },
    onResponse: (_status, body, context: RequestContext) => {
      const parsed = JSON.parse(body) as { data?: Record<string, unknown> | null; errors?: unknown[] };
      const kind = context.kind!;
      if (parsed.errors || !parsed.data) {
        counts.failed[kind]++;
        return;
      }
      counts.answered[kind]++;
      if (kind === "capture") {
        const leadId = (parsed.data.captureLead as { lead: { id: string } | null }).lead?.id;
        if (leadId) toAssess.push({ token: context.token!, leadId });
      } else if (kind === "assess") {
        const followUpId = (parsed.data.assessLead as { nextFollowUp: { id: string } | null }).nextFollowUp?.id;
        if (followUpId) toComplete.push({ token: context.token!, followUpId });
      }
    },
  };
  return {
    counts,
    resetCounts: () => {
      counts.answered = zeroCounts();
      counts.failed = zeroCounts();
    },
    requests: [request],
  };
}

/** A lead no earlier capture matches (SOP-1.4 duplicates are found by phone and company name). */
function newLead() {
  return {
    channel: "TRADE_SHOW",
    sourceDetail: "压测 benchmark",
    companyName: `压测精密机械${randomUUID().slice(0, 8)}有限公司`,
    contactName: "张伟",
    phone: `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`,
  };
}

function zeroCounts(): Record<WriteKind | "read", number> {
  return { read: 0, capture: 0, assess: 0, complete: 0 };
}
