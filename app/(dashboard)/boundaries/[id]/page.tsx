import { notFound } from "next/navigation";
import { BoundaryCharts } from "@/components/boundaries/boundary-charts";
import { BoundaryTimelineView } from "@/components/boundaries/boundary-timeline";
import { DEFAULT_SERIES_RANGE, ZSeriesQuery } from "@/lib/domain/boundary-series.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { getBoundarySeries } from "@/lib/server/boundaries/get-boundary-series.ts";
import { getBoundaryTimeline } from "@/lib/server/boundaries/get-boundary-timeline.ts";
import { AppError } from "@/lib/server/errors.ts";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One boundary: its breaker state, its traffic and rates over a range (?range=15m|1h|24h|7d) and everything that happened to it. */
export default async function BoundaryPage({ params, searchParams }: Props) {
  await requirePageUser();
  const { id } = await params;
  const query = ZSeriesQuery.safeParse({ range: (await searchParams).range });
  const range = query.success ? query.data.range : DEFAULT_SERIES_RANGE; // a bad ?range= shows the default
  const [timeline, series] = await Promise.all([getBoundaryTimeline({ id }), getBoundarySeries({ id, range })]).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  return <BoundaryTimelineView initial={timeline} charts={<BoundaryCharts id={id} range={range} initial={series} />} />;
}
