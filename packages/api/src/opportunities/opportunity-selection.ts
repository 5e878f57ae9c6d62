import { getTableColumns } from "drizzle-orm";
import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { opportunities } from "./opportunity.table.ts";

const opportunityColumns = getTableColumns(opportunities);

/**
 * What each Opportunity field reads besides its own name's column; always the key, the money's
 * currency and amount, the close date, and the scope nested fields and the price floor's
 * visibility check. The page's statement adds its order's sort columns (the cursor): only the
 * newest-first orders read createdAt, a timestamp parsed for every row.
 */
const OPPORTUNITY_SELECTION = {
  always: ["id", "expectedCloseOn", "currency", "estimatedValueMinor", "leadId", "ownerId", "teamId"],
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
