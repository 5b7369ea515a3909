import { can } from "@/lib/domain/permissions.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { GraphView } from "@/components/graph/graph-view";
import { getGraph } from "@/lib/server/graph/get-graph.ts";
import { parseGraphView } from "@/lib/domain/graph-url.ts";

export const dynamic = "force-dynamic";

/** Home: the live agent graph (see docs/architecture.md#live-stream). The role only decides which buttons show; the API checks again. */
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePageUser("dashboard.view");
  // Sent with the page, so the first draw does not wait for hydration and a second round trip.
  const graph = await getGraph();
  // A shared link carries the selection, filter and layout (see docs/using-the-dashboard.md).
  const view = parseGraphView(await searchParams);
  return <GraphView initialGraph={graph} initialView={view} canForceOpen={can(user.role, "boundary.force_open")} canDecide={can(user.role, "review.decide")} />;
}
