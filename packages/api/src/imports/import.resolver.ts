import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { LEAD_WRITER_ROLES } from "../access/visibility.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { AppError } from "../errors/app-error.ts";
import { Lead } from "../leads/lead.type.ts";
import { ImportDefaultsInput, ImportLeadRowInput } from "./import.input.ts";
import { importLeads, MAX_IMPORT_ROWS } from "./import.service.ts";
import { ImportLeadsPayload, ImportRowResult } from "./import.type.ts";

@Resolver(() => ImportRowResult)
export class ImportResolver {
  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => ImportLeadsPayload, {
    description: `SOP-1.3 imports up to ${MAX_IMPORT_ROWS} rows; re-sending the same batchId returns the first results and creates nothing`,
  })
  async importLeads(
    @Arg("batchId", () => String) batchId: string,
    @Arg("rows", () => [ImportLeadRowInput]) rows: ImportLeadRowInput[],
    @Arg("defaults", () => ImportDefaultsInput, { nullable: true }) defaults: ImportDefaultsInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportLeadsPayload> {
    const { results, replayed } = await importLeads(ctx.db, actorOf(ctx), batchId, rows, defaults ?? {});
    // The cost limit priced `results` at one per row sent (graphql/limits/list-sizes.ts): a re-run
    // with fewer rows must not be answered with the batch's many stored results.
    if (replayed && results.length !== rows.length) {
      throw AppError.badInput([{ field: "rows", message: `batch ${batchId} was imported with ${results.length} rows: send the same rows again, or a new batchId` }]);
    }
    clearLoaders(ctx);
    const count = (status: ImportRowResult["status"]) => results.filter((r) => r.status === status).length;
    return {
      batchId,
      replayed,
      createdCount: count("CREATED"),
      duplicateCount: count("DUPLICATE"),
      invalidCount: count("INVALID"),
      results,
    };
  }

  @FieldResolver(() => Lead, { nullable: true, description: "CREATED: the new lead" })
  async lead(@Root() result: ImportRowResult, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return result.leadId ? ctx.loaders.leadById.load(result.leadId) : null;
  }
}
