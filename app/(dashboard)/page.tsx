import { can } from "@/lib/domain/permissions.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { GraphView } from "@/components/graph/graph-view";
import { getGraph } from "@/lib/server/graph/get-graph.ts";

export const dynamic = "force-dynamic";

/** Home: the live agent graph (see docs/architecture.md#live-stream). The role only decides which buttons show; the API checks again. */
export default async function HomePage() {
  const { user } = await requirePageUser("dashboard.view");
  // Sent with the page, so the first draw does not wait for hydration and a second round trip.
  const graph = await getGraph();
  return <GraphView initialGraph={graph} canForceOpen={can(user.role, "boundary.force_open")} canDecide={can(user.role, "review.decide")} />;
}
