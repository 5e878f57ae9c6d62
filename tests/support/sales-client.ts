import type { TestServer, UserRow } from "@sales/api/testing";

// The operations the acceptance tests drive, as a client app sends them. Each call fails the
// test with the server's errors when the API refuses, so a test reads as the story it checks.

export const FOLLOW_UP = "id kind channel status dueAt slaDueAt isOverdue bucket outcome unplanned";
export const LEAD = `id status tier assessmentIncomplete needsReassessment firstContactDueAt firstContactAt lastContactAt
  nextFollowUp { ${FOLLOW_UP} }`;

export interface FollowUpView {
  id: string;
  kind: string;
  channel: string;
  status: string;
  dueAt: string;
  slaDueAt: string | null;
  isOverdue: boolean;
  bucket: string | null;
  outcome: string | null;
  unplanned: boolean;
}

export interface LeadView {
  id: string;
  status: string;
  tier: string;
  assessmentIncomplete: boolean;
  needsReassessment: boolean;
  firstContactDueAt: string | null;
  firstContactAt: string | null;
  lastContactAt: string | null;
  nextFollowUp: FollowUpView | null;
}

export class SalesClient {
  private sequence = 0;

  constructor(private readonly api: TestServer) {}

  async call<T>(as: UserRow, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.api.graphql<T>(query, variables, { as });
    if (res.errors) throw new Error(`The API refused: ${JSON.stringify(res.errors)}`);
    return res.data!;
  }

  async capture(as: UserRow, input: Record<string, unknown> = {}): Promise<LeadView> {
    this.sequence += 1;
    const data = await this.call<{ captureLead: { lead: LeadView } }>(
      as,
      `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { ${LEAD} } } }`,
      {
        input: {
          channel: "INDUSTRY_WEBSITE",
          companyName: `验收测试${this.sequence}号有限公司`,
          contactName: "吴军",
          phone: `1371234${String(this.sequence).padStart(4, "0")}`,
          ...input,
        },
      },
    );
    return data.captureLead.lead;
  }

  async assess(as: UserRow, leadId: string, input: Record<string, unknown>): Promise<LeadView> {
    const data = await this.call<{ assessLead: LeadView }>(
      as,
      `mutation($id: ID!, $input: AssessLeadInput!) { assessLead(leadId: $id, input: $input) { ${LEAD} } }`,
      { id: leadId, input },
    );
    return data.assessLead;
  }

  async complete(as: UserRow, followUpId: string, input: Record<string, unknown>) {
    const data = await this.call<{ completeFollowUp: { completed: FollowUpView; next: FollowUpView | null; lead: LeadView } }>(
      as,
      `mutation($id: ID!, $input: CompleteFollowUpInput!) {
        completeFollowUp(id: $id, input: $input) { completed { ${FOLLOW_UP} } next { ${FOLLOW_UP} } lead { ${LEAD} } }
      }`,
      { id: followUpId, input },
    );
    return data.completeFollowUp;
  }

  async queue(as: UserRow, args: { ownerId?: string; teamId?: string } = {}): Promise<(FollowUpView & { lead: { id: string } | null })[]> {
    const data = await this.call<{ followUpQueue: { edges: { node: FollowUpView & { lead: { id: string } | null } }[] } }>(
      as,
      `query($ownerId: ID, $teamId: ID) { followUpQueue(ownerId: $ownerId, teamId: $teamId, first: 200) { edges { node { ${FOLLOW_UP} lead { id } } } } }`,
      args,
    );
    return data.followUpQueue.edges.map((edge) => edge.node);
  }
}
