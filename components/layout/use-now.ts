"use client";

import { useSyncExternalStore } from "react";

/** One clock per interval, shared by every component on the page that reads it; it runs while anything listens. */
type Clock = { now: number | null; timer?: ReturnType<typeof setInterval>; listeners: Set<() => void>; subscribe: (l: () => void) => () => void; read: () => number };
const clocks = new Map<number, Clock>();
const still = () => () => {};

function clockOf(everyMs: number): Clock {
  const existing = clocks.get(everyMs);
  if (existing) return existing;
  const c: Clock = {
    now: null,
    listeners: new Set(),
    read: () => (c.now ??= Date.now()),
    subscribe(listener) {
      c.listeners.add(listener);
      if (!c.timer) {
        c.now = Date.now(); // a clock that was stopped is stale: start from the present
        c.timer = setInterval(() => {
          c.now = Date.now();
          c.listeners.forEach((l) => l());
        }, everyMs);
      }
      return () => {
        c.listeners.delete(listener);
        if (c.listeners.size > 0) return;
        clearInterval(c.timer);
        c.timer = undefined;
      };
    },
  };
  clocks.set(everyMs, c);
  return c;
}

/**
 * The current time in ms, refreshed every `everyMs` (30 s for relative times, 1 s for countdowns) while
 * `ticking`, still otherwise; null while rendering on the server and hydrating, so both render the same.
 */
export function useNow(everyMs = 30_000, ticking = true): number | null {
  const c = clockOf(everyMs);
  return useSyncExternalStore(ticking ? c.subscribe : still, c.read, () => null);
}
