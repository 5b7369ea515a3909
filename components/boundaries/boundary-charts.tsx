"use client";

import Link from "next/link";
import { useMemo } from "react";
import { SERIES_RANGE_NAMES, type TBoundarySeries, type TSeriesRange } from "@/lib/domain/boundary-series.ts";
import { EChart } from "../charts/echart";
import { Timestamp } from "../layout/time-ago";
import { MARK_STYLE, seriesChartOption, type TSeriesMetric } from "./series-chart-option";
import { useBoundarySeries } from "./use-boundary-series";

const RANGE_LABELS: Record<TSeriesRange, string> = { "15m": "15 min", "1h": "1 h", "24h": "24 h", "7d": "7 d" };

/** The boundary page's charts over the chosen range (kept in the URL as ?range=), with the marks listed as text beside them. */
export function BoundaryCharts({ id, range, initial }: { id: string; range: TSeriesRange; initial?: TBoundarySeries }) {
  const { data, error } = useBoundarySeries(id, range, initial?.range === range ? initial : undefined);
  return (
    <section aria-labelledby="charts-title">
      <div className="row">
        <h2 id="charts-title">Traffic and breaker</h2>
        <nav aria-label="Time range" className="row range-switch">
          {SERIES_RANGE_NAMES.map((r) => (
            <Link key={r} href={`?range=${r}`} replace scroll={false} className={`btn btn-small${r === range ? " btn-primary" : ""}`} aria-current={r === range ? "page" : undefined}>
              {RANGE_LABELS[r]}
            </Link>
          ))}
        </nav>
      </div>
      {error && <p className="form-error" role="alert">Could not load the charts: {error.message}</p>}
      {data ? <SeriesView series={data} /> : !error && <p className="muted">Loading…</p>}
    </section>
  );
}

function SeriesView({ series }: { series: TBoundarySeries }) {
  const total = series.points.reduce((n, p) => n + p.messages, 0);
  const rejected = series.points.reduce((n, p) => n + p.rejected, 0);
  const t = series.thresholds;
  return (
    <div data-testid="boundary-charts" data-range={series.range}>
      <p className="muted">
        {total} messages, {rejected} rejected, in {series.points.length} buckets of {series.bucketMs / 1000} s ·
        thresholds: failures {t.failureThreshold} of {t.windowSize} ({(t.failureRate * 100).toFixed(0)} %), anomaly rate {(t.anomalyRate * 100).toFixed(0)} %
      </p>
      <div className="series-charts">
        {(["perSecond", "failureRate", "anomalyRate"] as TSeriesMetric[]).map((m) => <MetricChart key={m} series={series} metric={m} />)}
      </div>
      <MarksTable series={series} />
    </div>
  );
}

function MetricChart({ series, metric }: { series: TBoundarySeries; metric: TSeriesMetric }) {
  const option = useMemo(() => seriesChartOption(series, metric), [series, metric]);
  const label = `${metric === "perSecond" ? "Messages per second" : metric === "failureRate" ? "Failure rate" : "Anomaly rate"} over ${series.range}, with ${series.marks.length} marked events (listed below)`;
  return <EChart option={option} label={label} className="series-chart" testId={`chart-${metric}`} />;
}

function MarksTable({ series }: { series: TBoundarySeries }) {
  if (series.marks.length === 0) return <p className="muted" data-testid="series-marks-empty">No trips, probes or approvals in this range.</p>;
  return (
    <table className="table compact-table" data-testid="series-marks">
      <caption>Marked on the charts</caption>
      <thead><tr><th>When</th><th>What</th><th>Detail</th></tr></thead>
      <tbody>
        {[...series.marks].reverse().map((m, i) => (
          <tr key={`${m.at}-${i}`} data-testid={`mark-${m.kind}`}>
            <td><Timestamp value={m.at} /></td>
            <td><span className="mark-swatch" style={{ background: MARK_STYLE[m.kind].color }} aria-hidden="true" /> {MARK_STYLE[m.kind].label}</td>
            <td>{m.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
