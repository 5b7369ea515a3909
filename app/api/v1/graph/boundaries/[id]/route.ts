import { withRole } from "@/lib/server/auth/with-role.ts";
import { getBoundarySummary } from "@/lib/server/graph/get-boundary-summary.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/graph/boundaries/{id} — one boundary for the graph's side panel: counts, transitions, review, incidents.
export const GET = withRole<{ id: string }>("dashboard.view", async (_request, { params }) => {
  const { id } = await params;
  return Response.json({ boundary: await getBoundarySummary({ id }) }, { headers: { "cache-control": "no-store" } });
});
