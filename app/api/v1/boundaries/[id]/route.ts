import { withRole } from "@/lib/server/auth/with-role.ts";
import { getBoundaryTimeline } from "@/lib/server/boundaries/get-boundary-timeline.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/boundaries/{id} — one boundary and its timeline (transitions, validations, reviews, incidents).
export const GET = withRole<{ id: string }>("dashboard.view", async (_request, { params }) => {
  const { id } = await params;
  return Response.json(await getBoundaryTimeline({ id }));
});
