import DataLoader from "dataloader";
import { asc, sql } from "drizzle-orm";
import { groupByKey } from "../context/by-key.ts";
import type { Database } from "../db/database.ts";
import { anyOf } from "../db/named-statement.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

const reviewsByVersion = preparedOnce((db) =>
  db
    .select()
    .from(proposalReviews)
    .where(anyOf(proposalReviews.versionId, sql.placeholder("versionIds")))
    .orderBy(asc(proposalReviews.versionId), asc(proposalReviews.requestedAt), asc(proposalReviews.department))
    .prepare("reviews_by_version"),
);

/** Each version's reviews, in the order the manager asked for them. */
export function createReviewsByVersionLoader(db: Database) {
  return new DataLoader<string, ProposalReviewRow[]>(async (versionIds) => {
    const rows = await reviewsByVersion(db, { versionIds });
    return groupByKey(versionIds, rows, (row) => row.versionId);
  });
}
