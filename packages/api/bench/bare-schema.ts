// The bare stack's schema (bare-server.ts): type-graphql classes for exactly what the benchmark's
// raw-twinned pages ask, with resolvers that run the raw baseline's one statement per page and
// return its rows as shaped for the answer. Every other field is type-graphql's default: the
// property of the same name.
import type { Sql } from "postgres";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Field, Float, ID, Info, InputType, Int, ObjectType, Query, Resolver, buildSchema, registerEnumType } from "type-graphql";
import { PIPELINE_STAGES } from "@sales/domain";
import { OPPORTUNITY_ORDERS, type OpportunityOrder as Order } from "../src/opportunities/opportunity-queries.ts";
import { RAW_PAGES, type RawViewer } from "./raw-page-statements.ts";

export interface BareContext {
  sql: Sql;
  viewer: RawViewer;
}

// Enums as the API names them, so the pages' queries are valid here unchanged.
const OpportunityOrder = Object.fromEntries(OPPORTUNITY_ORDERS.map((order) => [order, order]));
registerEnumType(OpportunityOrder, { name: "OpportunityOrder" });
const PipelineStage = Object.fromEntries(PIPELINE_STAGES.map((stage) => [stage, stage]));
registerEnumType(PipelineStage, { name: "PipelineStage" });

@ObjectType()
class User {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
}

@ObjectType()
class FollowUp {
  @Field(() => ID) id!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) channel!: string;
  @Field(() => String) dueAt!: string;
  @Field(() => Boolean) isOverdue!: boolean;
}

@ObjectType()
class Lead {
  @Field(() => ID) id!: string;
  @Field(() => String) companyName!: string;
  @Field(() => String) contactName!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String) tier!: string;
  @Field(() => String) status!: string;
  @Field(() => String) createdAt!: string;
  @Field(() => User) owner!: User;
  @Field(() => FollowUp, { nullable: true }) nextFollowUp!: FollowUp | null;
}

@ObjectType()
class LeadEdge {
  @Field(() => Lead) node!: Lead;
}

@ObjectType()
class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType()
class LeadConnection {
  @Field(() => Int, { nullable: true }) totalCount?: number;
  @Field(() => [LeadEdge]) edges!: LeadEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
class Money {
  @Field(() => String) amount!: string;
  @Field(() => String, { nullable: true }) currency?: string;
}

@ObjectType()
class ProposalVersion {
  @Field(() => Int) number!: number;
  @Field(() => String) status!: string;
}

@ObjectType()
class PendingReview {
  @Field(() => String) department!: string;
  @Field(() => User) reviewer!: User;
  @Field(() => Float) waitedMs!: number;
}

@ObjectType()
class Opportunity {
  @Field(() => String) name!: string;
  @Field(() => String) stage!: string;
  @Field(() => String) expectedCloseOn!: string;
  @Field(() => Money) estimatedValue!: Money;
  @Field(() => Money, { nullable: true }) priceFloor!: Money | null;
  @Field(() => Lead, { nullable: true }) lead!: Lead | null;
  @Field(() => User) owner!: User;
  @Field(() => ProposalVersion, { nullable: true }) latestProposalVersion!: ProposalVersion | null;
  @Field(() => [PendingReview]) pendingReviews!: PendingReview[];
}

@ObjectType()
class OpportunityEdge {
  @Field(() => Opportunity) node!: Opportunity;
}

@ObjectType()
class OpportunityConnection {
  @Field(() => [OpportunityEdge]) edges!: OpportunityEdge[];
}

@InputType()
class OpportunityFilter {
  @Field(() => [PipelineStage], { nullable: true }) stage?: string[];
}

type RawAnswer<Field extends string, Value> = { data: Record<Field, Value> };

/** The pages are the raw baseline's, for its one manager: the arguments are accepted as the API's are, and answered as the raw baseline answers them. */
@Resolver()
class PagesResolver {
  @Query(() => LeadConnection)
  async leads(@Arg("first", () => Int) _first: number, @Ctx() ctx: BareContext, @Info() info: GraphQLResolveInfo): Promise<LeadConnection> {
    const counted = info.fieldNodes[0]!.selectionSet!.selections.some((selection) => selection.kind === "Field" && selection.name.value === "totalCount");
    const page = counted ? RAW_PAGES.LeadsPageWithCount! : RAW_PAGES.LeadsPage!;
    return ((await page(ctx.sql, ctx.viewer)) as RawAnswer<"leads", LeadConnection>).data.leads;
  }

  @Query(() => OpportunityConnection)
  async opportunities(
    @Arg("first", () => Int) _first: number,
    @Arg("orderBy", () => OpportunityOrder, { nullable: true }) _orderBy: Order | null,
    @Arg("filter", () => OpportunityFilter, { nullable: true }) _filter: OpportunityFilter | null,
    @Ctx() ctx: BareContext,
  ): Promise<OpportunityConnection> {
    return ((await RAW_PAGES.PipelinePage!(ctx.sql, ctx.viewer)) as RawAnswer<"opportunities", OpportunityConnection>).data.opportunities;
  }
}

export function buildBareSchema() {
  return buildSchema({ resolvers: [PagesResolver] });
}
