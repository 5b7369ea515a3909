import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { expireDueApprovals } from "./expire-approvals.ts";
import { toReviewViews, type ReviewView } from "./review-view.ts";

/** One review with its evidence, or not_found. */
export async function getReview(opts: { id: string; now?: Date }): Promise<ReviewView> {
  await expireDueApprovals(opts.now);
  const db = getDb();
  const row = await db.review.findUnique({ where: { id: opts.id }, include: { approvals: { orderBy: { createdAt: "asc" } } } });
  if (!row) throw new AppError("not_found", `no review ${opts.id}`);
  const [view] = await toReviewViews(db, [row], { withEvidence: true });
  return view;
}
