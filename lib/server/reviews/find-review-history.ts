import "server-only";
import type { TReviewHistoryQuery } from "../../domain/review-history-query.ts";
import { getDb } from "../db/client.ts";
import { createdCursor, DEFAULT_PAGE, inRange, olderThan, toPage } from "../db/page.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { expireDueApprovals } from "./expire-approvals.ts";
import { toReviewViews, type ReviewView } from "./review-view.ts";

/** One page of the review history. */
export type ReviewHistoryPage = { reviews: ReviewView[]; nextCursor: string | null };

/**
 * Decided reviews matching the filters, newest first, a page at a time. A reviewer nobody has is an
 * `invalid` filter, not an empty list (a typo should not look like "nobody decided anything").
 */
export async function findReviewHistory(query: Partial<TReviewHistoryQuery> = {}): Promise<ReviewHistoryPage> {
  await expireDueApprovals();
  const db = getDb();
  const limit = query.limit ?? DEFAULT_PAGE;
  let reviewerId: string | undefined;
  if (query.reviewer) {
    const user = await db.user.findFirst({ where: { OR: [{ email: query.reviewer }, { id: query.reviewer }] }, select: { id: true } });
    if (!user) throw new AppError("invalid", `no reviewer ${query.reviewer}`, { problems: [{ path: "reviewer", message: "nobody has this email" }] });
    reviewerId = user.id;
  }
  const approvals = reviewerId || query.q
    ? { approvals: { some: { ...(reviewerId ? { userId: reviewerId } : {}), ...(query.q ? { comment: { contains: query.q } } : {}) } } }
    : {};
  const where: Prisma.ReviewWhereInput = {
    AND: [
      { status: query.decision ?? { not: "pending" } },
      query.review ? { id: query.review } : {},
      query.boundary ? { boundaryId: query.boundary } : {},
      approvals,
      query.from || query.to ? { createdAt: inRange(query) } : {},
      olderThan(query.cursor),
    ],
  };
  const rows = await db.review.findMany({
    where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit + 1, include: { approvals: { orderBy: { createdAt: "asc" } } },
  });
  const page = toPage(rows, limit, createdCursor);
  return { reviews: await toReviewViews(db, page.rows), nextCursor: page.nextCursor };
}
