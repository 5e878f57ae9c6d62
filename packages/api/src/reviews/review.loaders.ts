import DataLoader from "dataloader";
import { asc } from "drizzle-orm";
import { groupByKey } from "../context/by-key.ts";
import type { Executor } from "../db/database.ts";
import { anyOf, runNamed } from "../db/named-statement.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

/** Each version's reviews, in the order the manager asked for them. */
export function createReviewsByVersionLoader(db: Executor) {
  return new DataLoader<string, ProposalReviewRow[]>(async (versionIds) => {
    const rows = await runNamed(
      db
        .select()
        .from(proposalReviews)
        .where(anyOf(proposalReviews.versionId, versionIds))
        .orderBy(asc(proposalReviews.versionId), asc(proposalReviews.requestedAt), asc(proposalReviews.department)),
      "reviews_by_version",
    );
    return groupByKey(versionIds, rows, (row) => row.versionId);
  });
}
