import { ZSeriesQuery } from "@/lib/domain/boundary-series.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { getBoundarySeries } from "@/lib/server/boundaries/get-boundary-series.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/boundaries/{id}/series?range=15m|1h|24h|7d — traffic, failure and anomaly rates per bucket, and the breaker's marks.
export const GET = withRole<{ id: string }>("dashboard.view", async (request, { params }) => {
  const { id } = await params;
  const { range } = ZSeriesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await getBoundarySeries({ id, range }));
});
