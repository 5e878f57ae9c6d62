import { Arg, Authorized, Ctx, Int, Query, Resolver } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import { actorOf, type RequestContext } from "../context/request-context.ts";
import { decodeCursor, encodeCursor } from "../graphql/cursor.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { drillLeads, drillOpportunities } from "./report-drill.service.ts";
import { ReportLeadPage, ReportOpportunityPage } from "./report.type.ts";
import { connectionPage } from "../graphql/connection-page.ts";

const MAX_PAGE_SIZE = 200;

@Resolver()
export class ReportDrillResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => ReportLeadPage, {
    description: "The leads behind a report figure: pass the figure's `drill`. Selected again with your own visibility (an analyst sees contact details masked)",
  })
  async reportLeads(
    @Arg("drill", () => String) drill: string,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 200" }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportLeadPage> {
    checkPageSize(first, MAX_PAGE_SIZE);
    const actor = actorOf(ctx);
    const page = await drillLeads(ctx.reportDb, actor.user, { token: drill, first, after: after ? decodeCursor(after, "after") : null, now: actor.now });
    return connectionPage(page.rows, page.hasNextPage, (row) => encodeCursor({ at: row.createdAt, id: row.id }));
  }

  @Authorized(LEAD_READER_ROLES)
  @Query(() => ReportOpportunityPage, { description: "The opportunities behind a report figure: pass the figure's `drill`. Selected again with your own visibility" })
  async reportOpportunities(
    @Arg("drill", () => String) drill: string,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 200" }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportOpportunityPage> {
    checkPageSize(first, MAX_PAGE_SIZE);
    const actor = actorOf(ctx);
    const page = await drillOpportunities(ctx.reportDb, actor.user, {
      token: drill,
      first,
      after: after ? decodeCursor(after, "after") : null,
      now: actor.now,
    });
    return connectionPage(page.rows, page.hasNextPage, (row) => encodeCursor({ at: row.createdAt, id: row.id }));
  }
}
