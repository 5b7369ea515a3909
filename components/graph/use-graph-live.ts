"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef } from "react";
import type { TGraph } from "@/lib/domain/graph.ts";
import { applyGraphPatch } from "@/lib/domain/graph-patch.ts";
import { fetchJson } from "@/components/live/fetch-json";
import type { LiveHandlers } from "@/components/live/use-live-stream";
import { graphKeys } from "@/components/live/query-keys";

const COALESCE_MS = 30; // a burst of stream events costs one request

const boundaryOf = (data: unknown): string | null =>
  typeof data === "object" && data !== null && typeof (data as { boundaryId?: unknown }).boundaryId === "string" ? (data as { boundaryId: string }).boundaryId : null;

/**
 * Stream handlers that keep the graph's cache in step: an event naming a boundary fetches a patch for just
 * that boundary and its agents (GET /api/v1/graph?boundary=…) and merges it; anything else, or a failed
 * patch, re-reads the whole graph. The side panels' details are re-read too.
 */
export function useGraphLiveHandlers(): LiveHandlers {
  const client = useQueryClient();
  const queue = useRef<{ ids: Set<string>; full: boolean; timer: ReturnType<typeof setTimeout> | null }>({ ids: new Set(), full: false, timer: null });
  return useMemo(() => {
    const flush = async () => {
      const { ids, full } = queue.current;
      queue.current = { ids: new Set(), full: false, timer: null };
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === graphKeys.all[0] && q.queryKey[1] !== "data" });
      const current = client.getQueryData<TGraph>(graphKeys.graph());
      if (full || !current) return void client.invalidateQueries({ queryKey: graphKeys.graph() });
      const asked = [...ids];
      try {
        const patch = await fetchJson<TGraph>(`/api/v1/graph?${asked.map((id) => `boundary=${encodeURIComponent(id)}`).join("&")}`);
        client.setQueryData<TGraph>(graphKeys.graph(), (old) => (old ? applyGraphPatch(old, patch, asked) : old));
      } catch {
        void client.invalidateQueries({ queryKey: graphKeys.graph() });
      }
    };
    const schedule = (boundaryId: string | null) => {
      const q = queue.current;
      if (boundaryId && q.ids.size < 100) q.ids.add(boundaryId);
      else q.full = true;
      q.timer ??= setTimeout(() => void flush(), COALESCE_MS);
    };
    const onBoundary = (data: unknown) => schedule(boundaryOf(data));
    return {
      open: () => schedule(null),
      "boundary.updated": onBoundary,
      "review.created": onBoundary,
      "review.updated": onBoundary,
      "incident.created": onBoundary,
      "agent.updated": () => schedule(null),
    };
  }, [client]);
}
