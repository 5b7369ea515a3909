"use client";

import { useEffect, useState } from "react";

/** The current time in ms, ticking every `everyMs` while `ticking` (cooldown countdowns); still otherwise. */
export function useNow(ticking: boolean, everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [ticking, everyMs]);
  return now;
}
