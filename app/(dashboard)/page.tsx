import { can } from "@/lib/domain/permissions.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { GraphView } from "@/components/graph/graph-view";

export const dynamic = "force-dynamic";

/** Home: the live agent graph (DESIGN §7). The role only decides which buttons show; the API checks again. */
export default async function HomePage() {
  const { user } = await requirePageUser("dashboard.view");
  return <GraphView canForceOpen={can(user.role, "boundary.force_open")} canDecide={can(user.role, "review.decide")} />;
}
