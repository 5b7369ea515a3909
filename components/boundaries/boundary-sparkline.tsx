"use client";

import { useMemo } from "react";
import { EChart } from "../charts/echart";
import { sparklineOption } from "./series-chart-option";
import { useBoundarySeries } from "./use-boundary-series";

/** A small chart of the boundary's last hour: messages, rejected ones and trips; the totals in text beside it. */
export function BoundarySparkline({ id }: { id: string }) {
  const { data } = useBoundarySeries(id, "1h");
  const option = useMemo(() => (data ? sparklineOption(data) : null), [data]);
  if (!data || !option) return <span className="sparkline muted">…</span>;
  const total = data.points.reduce((n, p) => n + p.messages, 0);
  const rejected = data.points.reduce((n, p) => n + p.rejected, 0);
  const trips = data.marks.filter((m) => m.kind === "trip" || m.kind === "retrip").length;
  const text = `last hour: ${total} messages, ${rejected} rejected${trips ? `, ${trips} trip${trips > 1 ? "s" : ""}` : ""}`;
  return (
    <span className="sparkline" data-testid="sparkline">
      <EChart option={option} label={`Traffic of the ${text}`} style={{ width: 140, height: 32 }} />
      <span className="muted">{text}</span>
    </span>
  );
}
