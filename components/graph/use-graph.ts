"use client";

import { useQuery } from "@tanstack/react-query";
import type { TGraph } from "@/lib/domain/graph.ts";
import { fetchJson } from "@/components/live/fetch-json";
import { useLiveEvents } from "@/components/live/live-provider";
import type { LiveStatus } from "@/components/live/use-live-stream";
import { graphKeys } from "@/components/live/query-keys";
import { useGraphLiveHandlers } from "./use-graph-live";

/** How often the graph is re-read while the live stream is down. */
export const POLL_MS = 2_000;

/** The live graph: read once, patched from the stream, polled every 2 s while the stream is down. */
export function useGraph(initialGraph?: TGraph): { graph: TGraph | undefined; error: Error | null; live: LiveStatus } {
  const live = useLiveEvents(useGraphLiveHandlers());
  const query = useQuery({
    queryKey: graphKeys.graph(),
    queryFn: ({ signal }) => fetchJson<TGraph>("/api/v1/graph", { signal }),
    initialData: initialGraph,
    initialDataUpdatedAt: initialGraph ? Date.parse(initialGraph.generatedAt) : undefined,
    refetchInterval: live === "live" ? false : POLL_MS,
    refetchIntervalInBackground: false,
  });
  return { graph: query.data, error: query.error, live };
}
