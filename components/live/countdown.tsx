"use client";

import { useEffect, useState } from "react";
import { Timestamp } from "@/components/layout/time-ago";

/** Time left until `until` as "4m 05s", ticking every second; `done` once it has passed. */
export function Countdown({ until, done = "cooldown over" }: { until: string; done?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    // The first tick after mount: the server-rendered text shows the end time, not a stale countdown.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, []);
  if (now === null) return <Timestamp value={until} />;
  const left = Math.ceil((Date.parse(until) - now) / 1000);
  if (left <= 0) return <span className="muted">{done}</span>;
  const text = `${Math.floor(left / 60)}m ${String(left % 60).padStart(2, "0")}s`;
  return <time dateTime={until} title={until} data-testid="cooldown">{text} left</time>;
}
