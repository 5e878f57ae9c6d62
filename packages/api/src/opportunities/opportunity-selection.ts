import { getTableColumns } from "drizzle-orm";
import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { opportunities } from "./opportunity.table.ts";

const opportunityColumns = getTableColumns(opportunities);

/**
 * What each Opportunity field reads besides its own name's column; always the key, every order's
 * sort columns (the cursor), the money's currency, and the scope nested fields and the price
 * floor's visibility check.
 */
const OPPORTUNITY_SELECTION = {
  always: ["id", "createdAt", "expectedCloseOn", "currency", "estimatedValueMinor", "leadId", "ownerId", "teamId"],
  reads: {
    estimatedValue: [],
    priceFloor: ["frozenFloorMinor"],
    pendingPriceFloor: ["pendingFloorMinor"],
    contract: ["contractAmountMinor", "contractSignedOn", "contractPaymentTerms", "stage", "frozenFloorMinor"],
    lead: [],
    owner: [],
    team: [],
    proposals: [],
    latestProposalVersion: [],
    pendingReviews: [],
    stageHistory: [],
    history: [],
    __typename: [],
  },
} as const;

/** What a pipeline page selects for the Opportunity fields asked for; rows so read carry only those columns. */
export function opportunityColumnsFor(fields: ReadonlySet<string>): Partial<typeof opportunityColumns> {
  return columnsForFields(opportunityColumns, OPPORTUNITY_SELECTION, fields);
}
