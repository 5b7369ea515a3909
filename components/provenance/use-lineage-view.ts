"use client";

import { useQueries } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { fetchJson } from "@/components/live/fetch-json";
import { provenanceKeys } from "@/components/live/query-keys";
import { lineageOf, mergeLineage, type TLineage } from "@/lib/domain/lineage.ts";
import { parseProvenanceView, provenanceHref, type TProvenanceView } from "@/lib/domain/provenance-url.ts";
import type { Trace } from "@/lib/server/provenance/trace-provenance.ts";

/**
 * The provenance view as the URL names it (selected node, expanded nodes), the lineage with every expanded
 * node's extra hop merged in, and a way to change the view: each change is a new history entry, so Back
 * undoes an expansion and a copied URL reopens the same view.
 */
export function useLineageView(root: string, depth: number, initial: TLineage) {
  const params = useSearchParams();
  const view: TProvenanceView = useMemo(() => {
    const parsed = parseProvenanceView(Object.fromEntries([...new Set(params?.keys())].map((k) => [k, params!.getAll(k)])));
    return parsed?.id === root ? parsed : { id: root, depth, selected: null, expand: [] };
  }, [params, root, depth]);
  const hops = useQueries({
    queries: view.expand.map((id) => ({
      queryKey: provenanceKeys.trace(id, 1, 1),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchJson<Trace>(`/api/v1/provenance/${encodeURIComponent(id)}?up=1&down=1`, { signal }),
      staleTime: Infinity,
    })),
  });
  const lineage = useMemo(() => hops.reduce((acc, h) => (h.data ? mergeLineage(acc, lineageOf(h.data)) : acc), initial), [hops, initial]);
  const expanding = view.expand.filter((_, i) => hops[i]?.isFetching);
  const failed = hops.find((h) => h.error)?.error ?? null;
  const go = useCallback((next: Partial<TProvenanceView>) => {
    window.history.pushState(null, "", provenanceHref({ ...view, ...next, depth }));
  }, [view, depth]);
  return { view, lineage, expanding, failed, go };
}
