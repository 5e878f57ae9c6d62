import DataLoader from "dataloader";
import { asc, inArray } from "drizzle-orm";
import { groupByKey } from "../context/by-key.ts";
import type { Executor } from "../db/database.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

/** Each version's reviews, in the order the manager asked for them. */
export function createReviewsByVersionLoader(db: Executor) {
  return new DataLoader<string, ProposalReviewRow[]>(async (versionIds) => {
    const rows = await db
      .select()
      .from(proposalReviews)
      .where(inArray(proposalReviews.versionId, [...versionIds]))
      .orderBy(asc(proposalReviews.versionId), asc(proposalReviews.requestedAt), asc(proposalReviews.department));
    return groupByKey(versionIds, rows, (row) => row.versionId);
  });
}
