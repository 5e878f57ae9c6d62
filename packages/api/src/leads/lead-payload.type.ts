import type { DuplicateReason } from "@sales/domain";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { DuplicateReasonEnum } from "../graphql/enums.ts";
import { Lead } from "./lead.type.ts";

@ObjectType({
  description: "SOP-1.4 a lead that looks like the same customer. `lead` is null when it is not yours to see: the match never reveals another rep's contact details",
})
export class DuplicateMatch {
  @Field(() => ID)
  leadId!: string;

  @Field(() => [DuplicateReasonEnum])
  reasons!: DuplicateReason[];

  @Field(() => String, { nullable: true, description: "importLeads: the earlier row of the same batch this one matches" })
  matchedRowId?: string | null;

  ownerId!: string;
}

@ObjectType()
export class CaptureLeadPayload {
  @Field(() => Lead, { nullable: true, description: "Null when duplicates were found and force was not set" })
  lead!: Lead | null;

  @Field(() => [DuplicateMatch], { description: "Likely duplicates; with force they are recorded on the new lead" })
  duplicates!: DuplicateMatch[];
}

@ObjectType()
export class ReassignLeadsPayload {
  @Field(() => Int)
  movedLeadCount!: number;
}
