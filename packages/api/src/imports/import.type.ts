import { Field, Int, ObjectType } from "type-graphql";
import { graphqlEnum } from "../graphql/enums.ts";
import { DuplicateMatch } from "../leads/lead-payload.type.ts";

export const IMPORT_ROW_STATUSES = ["CREATED", "DUPLICATE", "INVALID"] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];
export const ImportRowStatusEnum = graphqlEnum("ImportRowStatus", IMPORT_ROW_STATUSES, "What became of one import row");

@ObjectType()
export class ImportFieldError {
  @Field(() => String, { description: "The row's field, e.g. phone" })
  field!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: "One result per row, in the order of the rows sent" })
export class ImportRowResult {
  @Field(() => String)
  rowId!: string;

  @Field(() => ImportRowStatusEnum)
  status!: ImportRowStatus;

  @Field(() => [DuplicateMatch], { description: "DUPLICATE: the existing leads or earlier rows it matches" })
  duplicates!: DuplicateMatch[];

  @Field(() => [ImportFieldError], { description: "INVALID: what to fix" })
  errors!: ImportFieldError[];

  leadId!: string | null;
}

@ObjectType()
export class ImportLeadsPayload {
  @Field(() => String)
  batchId!: string;

  @Field(() => Boolean, { description: "True when this batch had been imported before: these are its original results" })
  replayed!: boolean;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  duplicateCount!: number;

  @Field(() => Int)
  invalidCount!: number;

  @Field(() => [ImportRowResult])
  results!: ImportRowResult[];
}

