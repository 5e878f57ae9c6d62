import { checklistGaps, formatMoney } from "@sales/domain";
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { LEAD_WRITER_ROLES, seesPriceFloor } from "../access/visibility.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { LocalDateScalar } from "../graphql/scalars.ts";
import { Money, MoneyInput, toMoney } from "../money/money.type.ts";
import { approveContract, contractAwaitsApproval, recordContract, saveNegotiationPrep, startNegotiation } from "./negotiation.service.ts";
import { storedPrep } from "./opportunity.service.ts";
import { ContractView, NegotiationPrepInput, NegotiationPrepView } from "./negotiation.type.ts";
import type { OpportunityRow } from "./opportunity.table.ts";
import { Opportunity } from "./opportunity.type.ts";

@Resolver()
export class NegotiationMutationResolver {
  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, { description: "SOP-6.2 saves the preparation checklist; lowering a frozen floor waits for the manager" })
  async negotiationPrep(
    @Arg("opportunityId", () => ID) opportunityId: string,
    @Arg("input", () => NegotiationPrepInput) input: NegotiationPrepInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Opportunity> {
    return this.afterWrite(ctx, await saveNegotiationPrep(ctx.db, actorOf(ctx), opportunityId, JSON.parse(JSON.stringify(input))));
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, { description: "SOP-6.1/6.2 needs an approved proposal and a complete checklist; freezes the price floor" })
  async startNegotiation(@Arg("opportunityId", () => ID) opportunityId: string, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return this.afterWrite(ctx, await startNegotiation(ctx.db, actorOf(ctx), opportunityId));
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, { description: "SOP-6.3 the signed contract: WON, or waiting for approveContract when below the floor" })
  async recordContract(
    @Arg("opportunityId", () => ID) opportunityId: string,
    @Arg("amount", () => MoneyInput) amount: MoneyInput,
    @Arg("signedOn", () => LocalDateScalar) signedOn: string,
    @Arg("paymentTerms", () => String) paymentTerms: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Opportunity> {
    return this.afterWrite(ctx, await recordContract(ctx.db, actorOf(ctx), opportunityId, { amount, signedOn, paymentTerms }));
  }

  @Authorized(["MANAGER"])
  @Mutation(() => Opportunity, { description: "SOP-6.3 approves a lowered floor or a contract below it (which wins the opportunity)" })
  async approveContract(@Arg("opportunityId", () => ID) opportunityId: string, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return this.afterWrite(ctx, await approveContract(ctx.db, actorOf(ctx), opportunityId));
  }

  private afterWrite(ctx: RequestContext, row: OpportunityRow): Opportunity {
    clearLoaders(ctx);
    return row;
  }
}

@Resolver(() => Opportunity)
export class NegotiationFieldResolver {
  @FieldResolver(() => NegotiationPrepView, { nullable: true, description: "SOP-6.2 the preparation checklist" })
  negotiationPrep(@Root() opportunity: Opportunity, @Ctx() ctx: RequestContext): NegotiationPrepView | null {
    const prep = storedPrep(opportunity);
    if (!prep) return null;
    const floor = prep.priceFloor && seesPriceFloor(ctx.viewer, opportunity) ? formatMoney(prep.priceFloor) : null;
    return { ...prep, priceFloor: floor, gaps: checklistGaps(prep) };
  }

  @FieldResolver(() => Money, { nullable: true, description: "The floor frozen when negotiation started; null for anyone but the owner and managers" })
  priceFloor(@Root() opportunity: Opportunity, @Ctx() ctx: RequestContext): Money | null {
    if (opportunity.frozenFloorMinor === null || !seesPriceFloor(ctx.viewer, opportunity)) return null;
    return toMoney(opportunity.frozenFloorMinor, opportunity.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: "A lower floor waiting for the manager's approval; same visibility as priceFloor" })
  pendingPriceFloor(@Root() opportunity: Opportunity, @Ctx() ctx: RequestContext): Money | null {
    if (opportunity.pendingFloorMinor === null || !seesPriceFloor(ctx.viewer, opportunity)) return null;
    return toMoney(opportunity.pendingFloorMinor, opportunity.currency);
  }

  @FieldResolver(() => ContractView, { nullable: true })
  contract(@Root() opportunity: Opportunity): ContractView | null {
    if (opportunity.contractAmountMinor === null) return null;
    return {
      amount: toMoney(opportunity.contractAmountMinor, opportunity.currency),
      signedOn: opportunity.contractSignedOn!,
      paymentTerms: opportunity.contractPaymentTerms!,
      awaitsApproval: contractAwaitsApproval(opportunity as OpportunityRow),
    };
  }
}
