"use client";

import { useEffect, useRef } from "react";
import type { TDryRunBoundary } from "@/lib/domain/dry-run.ts";

/**
 * One boundary's traffic across the dry run's window (messages, failed validations) with its trips marked:
 * the current policy's in grey, the draft's in red. ECharts, loaded in the browser only.
 */
export function DryRunChart({ boundary, from }: { boundary: TDryRunBoundary; from: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose: () => void } | undefined;
    void import("echarts").then((echarts) => {
      if (disposed || !ref.current) return;
      const start = Date.parse(from);
      const { bucketMs, messages, failed } = boundary.chart;
      const at = (i: number) => start + i * bucketMs;
      const marks = (trips: string[], color: string, type: "solid" | "dashed") =>
        trips.map((t) => ({ xAxis: Date.parse(t), lineStyle: { color, type, width: 2 } }));
      const c = echarts.init(ref.current, undefined, { renderer: "svg" });
      c.setOption({
        animation: false,
        grid: { left: 30, right: 8, top: 8, bottom: 20 },
        xAxis: { type: "time", axisLabel: { fontSize: 9 } },
        yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 9 } },
        tooltip: { trigger: "axis" },
        series: [
          {
            name: "messages", type: "line", showSymbol: false, data: messages.map((n, i) => [at(i), n]),
            markLine: { symbol: "none", label: { show: false }, silent: true, data: [...marks(boundary.current.trips, "#888", "dashed"), ...marks(boundary.draft.trips, "#d33", "solid")] },
          },
          { name: "failed", type: "bar", itemStyle: { color: "#e8a33d" }, data: failed.map((n, i) => [at(i), n]) },
        ],
      });
      chart = c;
    });
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [boundary, from]);
  const label = `${boundary.sender} → ${boundary.receiver}: the current policy trips ${boundary.current.tripCount} times, the draft ${boundary.draft.tripCount} times`;
  return <div ref={ref} role="img" aria-label={label} className="dry-run-chart" style={{ width: 320, height: 110 }} data-testid="dry-run-chart" />;
}
