"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { STALE_ON } from "./query-keys";

const StreamUp = createContext(false);

/** Whether the live stream is connected (when it is not, live queries poll). */
export const useStreamUp = () => useContext(StreamUp);

/**
 * React-query for the dashboard, kept in step with GET /api/v1/stream: each event marks the queries it
 * affects stale. When the stream drops, queries poll until it is back (EventSource reconnects by itself).
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: true } } }));
  const [up, setUp] = useState(false);
  useEffect(() => {
    const source = new EventSource("/api/v1/stream");
    source.addEventListener("ready", () => {
      setUp(true);
      void client.invalidateQueries(); // catch up on whatever happened while disconnected
    });
    source.onerror = () => setUp(false);
    for (const [type, keys] of Object.entries(STALE_ON)) {
      source.addEventListener(type, () => keys.forEach((queryKey) => void client.invalidateQueries({ queryKey })));
    }
    return () => source.close();
  }, [client]);
  return (
    <QueryClientProvider client={client}>
      <StreamUp.Provider value={up}>
        <span hidden data-testid="stream-state">{up ? "live" : "polling"}</span>
        {children}
      </StreamUp.Provider>
    </QueryClientProvider>
  );
}
