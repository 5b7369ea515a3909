"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
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
    queryFn: async (): Promise<T> => {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      return (await res.json()) as T;
    },
  });
  return { ...query, data: query.data ?? initialData };
}

/** POSTs same-origin JSON; throws the problem's detail on failure. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((data as { detail?: string }).detail ?? `request failed (${res.status})`);
  return data as T;
}
