import "server-only";
import { getDb } from "../db/client.ts";
import { expireDueApprovals } from "./expire-approvals.ts";
import { toReviewViews, type ReviewView } from "./review-view.ts";

export type FindReviewsOptions = { status: "pending" | "decided"; boundaryId?: string; take?: number; withEvidence?: boolean; now?: Date };

/** Lists reviews: the pending queue oldest first, or decided ones (history) newest first. */
export async function findReviews(opts: FindReviewsOptions): Promise<ReviewView[]> {
  await expireDueApprovals(opts.now);
  const db = getDb();
  const pending = opts.status === "pending";
  const rows = await db.review.findMany({
    where: { status: pending ? "pending" : { not: "pending" }, ...(opts.boundaryId ? { boundaryId: opts.boundaryId } : {}) },
    orderBy: pending ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(opts.take ?? 100, 500),
    include: { approvals: { orderBy: { createdAt: "asc" } } },
  });
  return toReviewViews(db, rows, { withEvidence: opts.withEvidence });
}
