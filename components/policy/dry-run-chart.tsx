"use client";

import type { EChartsOption } from "echarts";
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import type { TDryRunBoundary } from "@/lib/domain/dry-run.ts";

/**
 * One boundary's traffic across the dry run's window (messages, failed validations) with its trips marked:
 * the current policy's in grey, the draft's in red. ECharts, loaded in the browser only.
 */
export function DryRunChart({ boundary, from }: { boundary: TDryRunBoundary; from: string }) {
  const option = useMemo(() => dryRunOption(boundary, from), [boundary, from]);
  const label = `${boundary.sender} → ${boundary.receiver}: the current policy trips ${boundary.current.tripCount} times, the draft ${boundary.draft.tripCount} times`;
  return <EChart option={option} label={label} className="dry-run-chart" style={{ width: 320, height: 110 }} testId="dry-run-chart" />;
}

function dryRunOption(boundary: TDryRunBoundary, from: string): EChartsOption {
  const start = Date.parse(from);
  const { bucketMs, messages, failed } = boundary.chart;
  const at = (i: number) => start + i * bucketMs;
  const marks = (trips: string[], color: string, type: "solid" | "dashed") =>
    trips.map((t) => ({ xAxis: Date.parse(t), lineStyle: { color, type, width: 2 } }));
  return {
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
  };
}
