import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { getGraph } from "@/lib/server/graph/get-graph.ts";

export const dynamic = "force-dynamic";

const ZBoundaryIds = z.array(z.string().min(1).max(200)).max(100);

// GET /api/v1/graph[?boundary=ID…] — every agent and boundary with breaker states, reviews, rates, incidents and
// fan-out (people); with `boundary` (up to 100), only those boundaries and their agents: a patch for live pages.
export const GET = withRole("dashboard.view", async (request) => {
  const ids = new URL(request.url).searchParams.getAll("boundary");
  const graph = await getGraph(ids.length ? { boundaryIds: ZBoundaryIds.parse(ids) } : {});
  return Response.json(graph, { headers: { "cache-control": "no-store" } });
});
