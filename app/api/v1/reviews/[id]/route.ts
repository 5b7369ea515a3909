import { withRole } from "@/lib/server/auth/with-role.ts";
import { getReview } from "@/lib/server/reviews/get-review.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/reviews/{id} — one review with its evidence.
export const GET = withRole<{ id: string }>("dashboard.view", async (_request, { params }) => {
  const { id } = await params;
  return Response.json({ review: await getReview({ id }) });
});
