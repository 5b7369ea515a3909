"use client";

import { useNow } from "@/components/layout/use-now";
import { relativeTime, zonedTime } from "@/lib/domain/relative-time.ts";

/**
 * Every time the app shows: in the viewer's zone, with the zone named and a relative form ("3 min ago").
 * The server renders it in UTC (labelled) so the first paint is stable; the browser then switches to
 * the viewer's zone and keeps the relative form fresh. The exact instant is in the tooltip and `dateTime`.
 */
export function Timestamp({ value }: { value: Date | string }) {
  const d = typeof value === "string" ? new Date(value) : value;
  const iso = d.toISOString();
  const now = useNow();
  return (
    <time dateTime={iso} title={iso} className="timestamp">
      {now === null ? zonedTime(d, "UTC") : zonedTime(d, undefined)}
      {now !== null && <span className="muted"> ({relativeTime(d, new Date(now))})</span>}
    </time>
  );
}
