"use client";

import { useEffect, useRef, useState } from "react";

/** The events GET /api/v1/stream sends (see docs/architecture.md#live-stream). */
export const LIVE_EVENTS = ["boundary.updated", "review.created", "review.updated", "incident.created", "incident.updated", "agent.updated"] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** Handlers by event name (each gets the event's parsed JSON), and `open`, called on every (re)connection. */
export type LiveHandlers = Partial<Record<LiveEventName, (data: unknown) => void>> & { open?: () => void };

/** `live` while the stream is connected; `paused` when it dropped or does not exist (poll instead). */
export type LiveStatus = "connecting" | "live" | "paused";

const FIRST_RETRY_MS = 3_000;
const MAX_RETRY_MS = 30_000;

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/**
 * Listens to the server's live stream and calls the handlers; reconnects with back-off when it drops.
 * Returns the stream's status so pages can poll while it is not `live` (and say so on screen).
 */
export function useLiveStream(handlers: LiveHandlers, opts: { url?: string } = {}): LiveStatus {
  const url = opts.url ?? "/api/v1/stream";
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (typeof EventSource === "undefined") {
      const timer = setTimeout(() => setStatus("paused")); // no EventSource in this browser: poll
      return () => clearTimeout(timer);
    }
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = FIRST_RETRY_MS;
    let stopped = false;
    const connect = () => {
      source = new EventSource(url);
      source.onopen = () => {
        retryMs = FIRST_RETRY_MS;
        setStatus("live");
        latest.current.open?.(); // anything may have changed while disconnected
      };
      source.onerror = () => {
        setStatus("paused");
        // A 404 or a wrong content type closes the source for good: try again later ourselves.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          timer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        }
      };
      for (const name of LIVE_EVENTS) {
        source.addEventListener(name, (e) => latest.current[name]?.(parse((e as MessageEvent).data)));
      }
      // The server may have missed changes made on other replicas (its database link dropped): re-read all.
      source.addEventListener("resync", () => latest.current.open?.());
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [url]);
  return status;
}
