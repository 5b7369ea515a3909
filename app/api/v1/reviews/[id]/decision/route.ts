import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { decideReview } from "@/lib/server/reviews/decide-review.ts";

export const dynamic = "force-dynamic";

const ZBody = z.object({ decision: z.enum(["approve", "reject"]), comment: z.string().max(2000).default("") });

// POST /api/v1/reviews/{id}/decision {"decision","comment"} — one person's approve or reject (reviewer, admin).
export const POST = withRole<{ id: string }>("review.decide", async (request, { params, user }) => {
  const { id } = await params;
  const body = ZBody.parse(await request.json());
  return Response.json({ review: await decideReview({ reviewId: id, user, ...body }) });
});
