import { withRole } from "@/lib/server/auth/with-role.ts";
import { getGraph } from "@/lib/server/graph/get-graph.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/graph — every agent and boundary with breaker states, reviews, rates, incidents and fan-out (people).
export const GET = withRole("dashboard.view", async () => Response.json(await getGraph(), { headers: { "cache-control": "no-store" } }));
