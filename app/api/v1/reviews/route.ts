import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { findReviews } from "@/lib/server/reviews/find-reviews.ts";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ status: z.enum(["pending", "decided"]).default("pending"), evidence: z.enum(["0", "1"]).default("0") });

// GET /api/v1/reviews?status=pending|decided — the queue (oldest first) or the history (newest first).
export const GET = withRole("dashboard.view", async (request) => {
  const q = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ reviews: await findReviews({ status: q.status, withEvidence: q.evidence === "1" }) });
});
