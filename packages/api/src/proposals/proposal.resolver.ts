import { diffProposalVersions, isProposalEditable, missingParts, type ManagerDecision, type ProposalContentJson } from "@sales/domain";
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES, LEAD_WRITER_ROLES } from "../access/visibility.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { isUuid } from "../db/uuid.ts";
import { ManagerDecisionEnum } from "../graphql/enums.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { AppError } from "../errors/app-error.ts";
import { Opportunity } from "../opportunities/opportunity.type.ts";
import { ProposalReview } from "../reviews/review.type.ts";
import { User } from "../users/user.type.ts";
import { ProposalContentInput } from "./proposal-content.input.ts";
import {
  MissingPartView,
  PartDiffView,
  ProposalContentView,
  toMissingPartViews,
  toPartDiffViews,
  toProposalContentView,
} from "./proposal-content.type.ts";
import { createProposal, decideProposal, storedContent, submitProposal, updateProposal } from "./proposal.service.ts";
import { Proposal, ProposalVersion } from "./proposal.type.ts";

/** Versions come from review rounds, a handful per proposal; this bounds a proposal that went round and round. */
const VERSIONS_MAX_PAGE_SIZE = 100;

@Resolver(() => Proposal)
export class ProposalResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => Proposal, { nullable: true, description: "Null when it does not exist or is not yours to see" })
  async proposal(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Proposal | null> {
    return isUuid(id) ? ctx.loaders.proposalById.load(id) : null;
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Proposal, { description: "SOP-5.1 starts the opportunity's proposal; the opportunity moves to PROPOSAL" })
  async createProposal(@Arg("opportunityId", () => ID) opportunityId: string, @Ctx() ctx: RequestContext): Promise<Proposal> {
    const row = await createProposal(ctx.db, actorOf(ctx), opportunityId);
    clearLoaders(ctx);
    return row;
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Proposal, {
    description: "SOP-5.2 replaces the parts given (null clears one); not while a version is in review or approved",
  })
  async updateProposal(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => ProposalContentInput) input: ProposalContentInput,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Proposal> {
    const row = await updateProposal(ctx.db, actorOf(ctx), id, { ...input }, expectedVersion);
    clearLoaders(ctx);
    return row;
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => ProposalVersion, { description: "SOP-5.2/5.4 freezes the draft as a new version for review; every missing part is listed" })
  async submitProposal(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ProposalVersion> {
    const row = await submitProposal(ctx.db, actorOf(ctx), id);
    clearLoaders(ctx);
    return row;
  }

  @FieldResolver(() => ProposalContentView, { description: "The draft's six parts, prices computed" })
  async content(@Root() proposal: Proposal, @Ctx() ctx: RequestContext): Promise<ProposalContentView> {
    return toProposalContentView(storedContent(await draftOf(proposal, ctx)));
  }

  @FieldResolver(() => [MissingPartView], { description: "SOP-5.2 what still blocks submission; empty when it can be submitted" })
  async missingParts(@Root() proposal: Proposal, @Ctx() ctx: RequestContext): Promise<MissingPartView[]> {
    return toMissingPartViews(missingParts(storedContent(await draftOf(proposal, ctx))));
  }

  @FieldResolver(() => Boolean, { description: "False while a version is in review or once one is approved" })
  async editable(@Root() proposal: Proposal, @Ctx() ctx: RequestContext): Promise<boolean> {
    const versions = await ctx.loaders.versionsByProposal.load(proposal.id);
    return isProposalEditable(versions.at(-1)?.status ?? null);
  }

  @FieldResolver(() => [ProposalVersion], { description: "The newest submissions, oldest of them first" })
  async versions(
    @Root() proposal: Proposal,
    @Arg("last", () => Int, { defaultValue: 20, description: `How many of the newest, 1 to ${VERSIONS_MAX_PAGE_SIZE}; latestVersion's number tells how many there are` }) last: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ProposalVersion[]> {
    checkPageSize(last, VERSIONS_MAX_PAGE_SIZE, "last");
    return (await ctx.loaders.versionsByProposal.load(proposal.id)).slice(-last);
  }

  @FieldResolver(() => ProposalVersion, { nullable: true })
  async latestVersion(@Root() proposal: Proposal, @Ctx() ctx: RequestContext): Promise<ProposalVersion | null> {
    return (await ctx.loaders.versionsByProposal.load(proposal.id)).at(-1) ?? null;
  }

  @FieldResolver(() => Opportunity)
  async opportunity(@Root() proposal: Proposal, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return (await ctx.loaders.opportunityById.load(proposal.opportunityId))!;
  }
}

@Resolver(() => ProposalVersion)
export class ProposalVersionResolver {
  @Authorized([...LEAD_READER_ROLES, "REVIEWER"])
  @Query(() => ProposalVersion, {
    nullable: true,
    description: "Null when it does not exist or is not yours to see; a reviewer sees the versions assigned to them",
  })
  async proposalVersion(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ProposalVersion | null> {
    return isUuid(id) ? ctx.loaders.proposalVersionById.load(id) : null;
  }

  @Authorized(["MANAGER"])
  @Mutation(() => ProposalVersion, {
    description: "SOP-5.3 the manager's decision once every review is in: APPROVE (needs at least one department's review), REJECT (back to OPPORTUNITY) or RETURN_FOR_REVISION (back to PROPOSAL)",
  })
  async decideProposal(
    @Arg("proposalVersionId", () => ID) proposalVersionId: string,
    @Arg("decision", () => ManagerDecisionEnum) decision: ManagerDecision,
    @Arg("note", () => String, { nullable: true, description: "Required unless approving" }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ProposalVersion> {
    const row = await decideProposal(ctx.db, actorOf(ctx), proposalVersionId, decision, note);
    clearLoaders(ctx);
    return row;
  }

  @FieldResolver(() => ProposalContentView, { description: "The parts as submitted, prices computed" })
  async content(@Root() version: ProposalVersion, @Ctx() ctx: RequestContext): Promise<ProposalContentView> {
    if (version.pricedContent) return version.pricedContent;
    // Read without it (a summary), or submitted before versions kept it: priced now, alike.
    const stored = version.pricedContent === undefined ? await ctx.loaders.pricedContent.load(version.id) : null;
    return stored ?? toProposalContentView(storedContent(await contentOf(version, ctx)));
  }

  @FieldResolver(() => [PartDiffView], {
    description: "SOP-5.4 what changed, part by part, since another version of the same proposal (e.g. the one you reviewed)",
  })
  async diff(
    @Root() version: ProposalVersion,
    @Arg("againstVersionId", () => ID) againstVersionId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<PartDiffView[]> {
    const against = isUuid(againstVersionId) ? await ctx.loaders.proposalVersionById.load(againstVersionId) : null;
    if (!against || against.proposalId !== version.proposalId) {
      throw AppError.badInput([{ field: "againstVersionId", message: "is not a version of the same proposal" }]);
    }
    return toPartDiffViews(diffProposalVersions(storedContent(await contentOf(against, ctx)), storedContent(await contentOf(version, ctx))));
  }

  @FieldResolver(() => [PartDiffView], {
    nullable: true,
    description:
      "SOP-5.4 what changed, part by part, since the version just before this one; null for version 1. Whoever may read this version may read it, reviewers included, who see no other version",
  })
  async diffFromPrevious(@Root() version: ProposalVersion, @Ctx() ctx: RequestContext): Promise<PartDiffView[] | null> {
    const versions = await ctx.loaders.versionsByProposal.load(version.proposalId);
    const previous = versions.find((candidate) => candidate.number === version.number - 1);
    if (!previous) return null;
    return toPartDiffViews(diffProposalVersions(storedContent(await contentOf(previous, ctx)), storedContent(await contentOf(version, ctx))));
  }

  @FieldResolver(() => Proposal, { nullable: true, description: "Null for reviewers, who see only the versions assigned to them" })
  async proposal(@Root() version: ProposalVersion, @Ctx() ctx: RequestContext): Promise<Proposal | null> {
    return ctx.loaders.proposalById.load(version.proposalId);
  }

  @FieldResolver(() => [ProposalReview], { description: "SOP-5.3 the departments' reviews of this version" })
  async reviews(@Root() version: ProposalVersion, @Ctx() ctx: RequestContext): Promise<ProposalReview[]> {
    return ctx.loaders.reviewsByVersion.load(version.id);
  }

  @FieldResolver(() => User)
  async submittedBy(@Root() version: ProposalVersion, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(version.submittedById))!;
  }
}

/** The draft: on the row when it was read whole, else through the request's loader. */
async function draftOf(proposal: Proposal, ctx: RequestContext): Promise<ProposalContentJson> {
  return proposal.content ?? (await ctx.loaders.proposalContent.load(proposal.id))!;
}

/** A version's content: on the row when it was read whole, else through the request's loader. */
async function contentOf(version: Pick<ProposalVersion, "id" | "content">, ctx: RequestContext): Promise<ProposalContentJson> {
  return version.content ?? (await ctx.loaders.versionContent.load(version.id))!;
}
