import type { EChartsOption } from "echarts";
import type { TBoundarySeries, TSeriesMarkKind } from "@/lib/domain/boundary-series.ts";

/** What each chart of the boundary page plots. */
export type TSeriesMetric = "perSecond" | "failureRate" | "anomalyRate";

export const MARK_STYLE: Record<TSeriesMarkKind, { color: string; label: string }> = {
  trip: { color: "#d33", label: "trip" },
  retrip: { color: "#a03cc8", label: "re-trip" },
  probe: { color: "#d48a1a", label: "probe" },
  close: { color: "#2a8a3a", label: "closed" },
  approval: { color: "#2f6fd6", label: "approval" },
};

const TITLES: Record<TSeriesMetric, string> = { perSecond: "messages/s", failureRate: "failure rate", anomalyRate: "anomaly rate" };

/** The ECharts option of one chart: the metric per bucket, the policy's threshold (rates) and the marks as vertical lines. */
export function seriesChartOption(s: TBoundarySeries, metric: TSeriesMetric, opts: { compact?: boolean } = {}): EChartsOption {
  const isRate = metric !== "perSecond";
  const threshold = metric === "failureRate" ? s.thresholds.failureRate : metric === "anomalyRate" ? s.thresholds.anomalyRate : null;
  const marks = s.marks.map((m) => ({
    xAxis: Date.parse(m.at), name: MARK_STYLE[m.kind].label,
    lineStyle: { color: MARK_STYLE[m.kind].color, type: "solid" as const, width: 2 },
  }));
  const thresholdLine = threshold === null ? [] : [{ yAxis: threshold * 100, name: "threshold", lineStyle: { color: "#d33", type: "dashed" as const } }];
  return {
    animation: false,
    title: opts.compact ? undefined : { text: TITLES[metric], textStyle: { fontSize: 12, fontWeight: "normal" }, left: 0, top: 0 },
    grid: { left: 44, right: 12, top: opts.compact ? 4 : 24, bottom: 22 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (isRate ? `${Number(v).toFixed(1)} %` : `${Number(v).toFixed(2)}/s`) },
    xAxis: { type: "time", min: Date.parse(s.from), max: Date.parse(s.to), axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: { type: "value", min: 0, max: isRate ? 100 : undefined, axisLabel: { fontSize: 10, formatter: isRate ? "{value} %" : "{value}" } },
    series: [{
      name: TITLES[metric], type: "line", showSymbol: false, step: "end",
      itemStyle: { color: metric === "perSecond" ? "#2f6fd6" : "#e8a33d" },
      data: s.points.map((p) => [Date.parse(p.t), isRate ? p[metric] * 100 : p[metric]]),
      markLine: {
        symbol: "none", silent: true,
        label: { show: !opts.compact, formatter: "{b}", fontSize: 9, position: "insideEndTop" },
        data: [...marks, ...thresholdLine],
      },
    }],
  };
}

/** The sparkline: messages and rejected ones per bucket, no axes, trips marked. */
export function sparklineOption(s: TBoundarySeries): EChartsOption {
  const at = (t: string) => Date.parse(t);
  return {
    animation: false,
    grid: { left: 1, right: 1, top: 2, bottom: 2 },
    xAxis: { type: "time", show: false, min: at(s.from), max: at(s.to) },
    yAxis: { type: "value", show: false, min: 0 },
    series: [
      {
        name: "messages", type: "line", showSymbol: false, lineStyle: { width: 1, color: "#2f6fd6" }, data: s.points.map((p) => [at(p.t), p.messages]),
        markLine: { symbol: "none", silent: true, label: { show: false }, data: s.marks.filter((m) => m.kind === "trip" || m.kind === "retrip").map((m) => ({ xAxis: at(m.at), lineStyle: { color: MARK_STYLE[m.kind].color, type: "solid" as const } })) },
      },
      { name: "rejected", type: "bar", barMinWidth: 1, itemStyle: { color: "#d33" }, data: s.points.map((p) => [at(p.t), p.rejected]) },
    ],
  };
}
