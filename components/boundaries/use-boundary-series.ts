"use client";

import { useQuery } from "@tanstack/react-query";
import type { TBoundarySeries, TSeriesRange } from "@/lib/domain/boundary-series.ts";
import { fetchJson } from "../live/fetch-json";
import { boundaryKeys } from "../live/query-keys";

// Traffic does not come through the live stream (only breaker and review changes do), so the counts are
// also fetched again on a timer.
const TRAFFIC_REFRESH_MS = 15_000;

/** One boundary's series over `range` (GET /api/v1/boundaries/{id}/series), refreshed by the live stream and a timer. */
export function useBoundarySeries(id: string, range: TSeriesRange, initialData?: TBoundarySeries) {
  return useQuery({
    queryKey: boundaryKeys.series(id, range),
    queryFn: ({ signal }) => fetchJson<TBoundarySeries>(`/api/v1/boundaries/${encodeURIComponent(id)}/series?range=${range}`, { signal }),
    initialData,
    refetchInterval: TRAFFIC_REFRESH_MS,
  });
}
