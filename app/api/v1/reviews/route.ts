import { z } from "zod";
import { ZTimeIdCursor } from "@/lib/domain/list-query.ts";
import { ZReviewHistoryQuery } from "@/lib/domain/review-history-query.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { listOrExport } from "@/lib/server/http/export.ts";
import { findReviewHistory } from "@/lib/server/reviews/find-review-history.ts";
import { findReviews } from "@/lib/server/reviews/find-reviews.ts";
import { REVIEW_COLUMNS } from "@/lib/server/reviews/review-columns.ts";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ status: z.enum(["pending", "decided"]).default("pending"), evidence: z.enum(["0", "1"]).default("0") });
// The queue's own filters: one boundary's pending review, and how many of the oldest (100 unless said, 500 at most).
const ZPendingQuery = z.object({ boundary: z.string().min(1).max(300).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });

// GET /api/v1/reviews?status=pending|decided — the queue (oldest first; boundary=&limit=) or the history (newest first); the history
// takes boundary=&decision=&reviewer=&q=&from=&to=&cursor=&limit=&format=csv|json.
export const GET = withRole("dashboard.view", async (request) => {
  const { status, evidence, ...rest } = Object.fromEntries(new URL(request.url).searchParams);
  const q = ZQuery.parse({ status, evidence });
  if (q.status === "pending") {
    const { boundary, limit } = ZPendingQuery.parse({ boundary: rest.boundary, limit: rest.limit });
    return Response.json({ reviews: await findReviews({ status: q.status, withEvidence: q.evidence === "1", boundaryId: boundary, take: limit }) });
  }
  return listOrExport(ZReviewHistoryQuery.parse(rest), {
    name: "reviews", find: findReviewHistory, rows: (p) => p.reviews, parseCursor: (c) => ZTimeIdCursor.parse(c), columns: REVIEW_COLUMNS,
  });
});
