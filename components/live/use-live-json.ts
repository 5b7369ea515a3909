"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { useStreamUp } from "./live-provider";

/** Polling interval while the live stream is down. */
const POLL_MS = 5_000;

/** GETs same-origin JSON under a query key, seeded with the server-rendered data; polls only while the stream is down. */
export function useLiveJson<T>(queryKey: QueryKey, url: string, initialData: T) {
  const streamUp = useStreamUp();
  const query = useQuery({
    queryKey,
    initialData,
    refetchInterval: streamUp ? false : POLL_MS,
    queryFn: ({ signal }) => fetchJson<T>(url, { signal }),
  });
  return { ...query, data: query.data ?? initialData };
}
