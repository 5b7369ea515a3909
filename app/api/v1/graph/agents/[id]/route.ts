import { withRole } from "@/lib/server/auth/with-role.ts";
import { getAgentSummary } from "@/lib/server/graph/get-agent-summary.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/graph/agents/{id} — one agent for the graph's side panel: keys, caps, violations, boundaries.
export const GET = withRole<{ id: string }>("dashboard.view", async (_request, { params }) => {
  const { id } = await params;
  return Response.json({ agent: await getAgentSummary({ id }) }, { headers: { "cache-control": "no-store" } });
});
