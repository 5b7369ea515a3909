"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { STALE_ON } from "./query-keys";
import { LIVE_EVENTS, useLiveStream, type LiveHandlers, type LiveStatus } from "./use-live-stream";

type Live = { status: LiveStatus; subscribe: (handlers: LiveHandlers) => () => void };
const LiveContext = createContext<Live>({ status: "paused", subscribe: () => () => {} });

/** Whether the live stream is connected (when it is not, live queries poll). */
export const useStreamUp = () => useContext(LiveContext).status === "live";

/** Adds handlers to the page's one stream connection; returns the stream's status. */
export function useLiveEvents(handlers: LiveHandlers): LiveStatus {
  const { status, subscribe } = useContext(LiveContext);
  useEffect(() => subscribe(handlers), [subscribe, handlers]);
  return status;
}

/**
 * React-query for the dashboard, kept in step with GET /api/v1/stream through one connection per tab:
 * each event marks the queries it affects stale and reaches the handlers pages added with useLiveEvents.
 * When the stream drops, queries poll until it is back.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: true } } }));
  const subscribers = useRef(new Set<LiveHandlers>());
  const handlers = useMemo<LiveHandlers>(() => {
    const h: LiveHandlers = {
      open: () => {
        void client.invalidateQueries(); // catch up on whatever happened while disconnected
        subscribers.current.forEach((s) => s.open?.());
      },
    };
    for (const name of LIVE_EVENTS) {
      h[name] = (data) => {
        for (const queryKey of STALE_ON[name] ?? []) void client.invalidateQueries({ queryKey });
        subscribers.current.forEach((s) => s[name]?.(data));
      };
    }
    return h;
  }, [client]);
  const status = useLiveStream(handlers);
  const subscribe = useCallback((h: LiveHandlers) => {
    subscribers.current.add(h);
    return () => void subscribers.current.delete(h);
  }, []);
  const live = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return (
    <QueryClientProvider client={client}>
      <LiveContext.Provider value={live}>
        <span hidden data-testid="stream-state">{status === "live" ? "live" : "polling"}</span>
        {children}
      </LiveContext.Provider>
    </QueryClientProvider>
  );
}
