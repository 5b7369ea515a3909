"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef } from "react";
import type { TGraph } from "@/lib/domain/graph.ts";
import { fetchJson } from "@/components/live/fetch-json";
import { useLiveStream, type LiveStatus } from "@/components/live/use-live-stream";

/** React-query keys of the graph page: the graph and the side panels' details, all under one prefix. */
export const graphKeys = {
  all: ["graph"] as const,
  graph: () => [...graphKeys.all, "data"] as const,
  boundary: (id: string) => [...graphKeys.all, "boundary", id] as const,
  agent: (id: string) => [...graphKeys.all, "agent", id] as const,
};

/** How often the graph is re-read while the live stream is down. */
export const POLL_MS = 2_000;
const COALESCE_MS = 100; // a burst of stream events costs one re-read

/** The live graph: read once, re-read (coalesced) on every stream event, polled every 2 s while the stream is down. */
export function useGraph(): { graph: TGraph | undefined; error: Error | null; live: LiveStatus } {
  const client = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const handlers = useMemo(() => {
    const refresh = () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void client.invalidateQueries({ queryKey: graphKeys.all });
      }, COALESCE_MS);
    };
    return { open: refresh, "boundary.updated": refresh, "review.created": refresh, "review.updated": refresh, "incident.created": refresh, "agent.updated": refresh };
  }, [client]);
  const live = useLiveStream(handlers);
  const query = useQuery({
    queryKey: graphKeys.graph(),
    queryFn: ({ signal }) => fetchJson<TGraph>("/api/v1/graph", { signal }),
    refetchInterval: live === "live" ? false : POLL_MS,
    refetchIntervalInBackground: false,
  });
  return { graph: query.data, error: query.error, live };
}
