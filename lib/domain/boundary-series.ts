import { z } from "zod";
import { ANOMALOUS_SCORE, WINDOW_SIZE } from "./breaker-state.ts";

/**
 * One boundary's traffic over time, as the boundary page charts it (see docs/architecture.md#people-api):
 * validations counted per time bucket, rates against the policy's thresholds, and the breaker's events marked.
 * Each range has a fixed bucket width, so a range always has about a hundred points whatever the traffic.
 */
export const SERIES_RANGES = {
  "15m": { spanMs: 15 * 60_000, bucketMs: 10_000 },
  "1h": { spanMs: 60 * 60_000, bucketMs: 60_000 },
  "24h": { spanMs: 24 * 60 * 60_000, bucketMs: 10 * 60_000 },
  "7d": { spanMs: 7 * 24 * 60 * 60_000, bucketMs: 60 * 60_000 },
} as const;

export type TSeriesRange = keyof typeof SERIES_RANGES;
export const SERIES_RANGE_NAMES = Object.keys(SERIES_RANGES) as TSeriesRange[];
export const DEFAULT_SERIES_RANGE: TSeriesRange = "1h";

/** The query of GET /api/v1/boundaries/{id}/series: `range` defaults to 1h; anything else is refused. */
export const ZSeriesQuery = z.strictObject({ range: z.enum(SERIES_RANGE_NAMES as [TSeriesRange, ...TSeriesRange[]]).default(DEFAULT_SERIES_RANGE) });

/** A validation counts as anomalous at this score, as the breaker counts it. */
export const SERIES_ANOMALOUS_SCORE = ANOMALOUS_SCORE;

/** What happened to the breaker, as the chart marks it on the time axis. */
export type TSeriesMarkKind = "trip" | "retrip" | "probe" | "close" | "approval";

export type TSeriesMark = { kind: TSeriesMarkKind; at: string; detail: string };

/** One time bucket: its start, messages, rejected and anomalous validations, and the rates they make. */
export type TSeriesPoint = { t: string; messages: number; perSecond: number; rejected: number; anomalous: number; failureRate: number; anomalyRate: number };

export type TBoundarySeries = {
  boundaryId: string;
  range: TSeriesRange;
  bucketMs: number;
  from: string;
  to: string;
  /** The policy's thresholds as rates: the failure threshold as a share of the breaker's window, and the anomaly threshold. */
  thresholds: { failureRate: number; anomalyRate: number; failureThreshold: number; windowSize: number };
  points: TSeriesPoint[];
  marks: TSeriesMark[];
};

/** One bucket as the database counts it (`start` in ms since the epoch, aligned to the bucket width). */
export type TBucketCount = { start: number; messages: number; rejected: number; anomalous: number };

/** The window a range covers ending at `now`: its start aligned down to a whole bucket. */
export function seriesWindow(range: TSeriesRange, now: Date): { from: Date; to: Date; bucketMs: number } {
  const { spanMs, bucketMs } = SERIES_RANGES[range];
  const from = Math.floor((now.getTime() - spanMs) / bucketMs + 1) * bucketMs;
  return { from: new Date(from), to: now, bucketMs };
}

/** Every bucket of the window, counted or empty, in time order (the database only returns buckets with traffic). */
export function fillSeries(counts: TBucketCount[], window: { from: Date; to: Date; bucketMs: number }): TSeriesPoint[] {
  const byStart = new Map(counts.map((c) => [c.start, c]));
  const points: TSeriesPoint[] = [];
  const seconds = window.bucketMs / 1000;
  for (let t = window.from.getTime(); t <= window.to.getTime(); t += window.bucketMs) {
    const c = byStart.get(t) ?? { messages: 0, rejected: 0, anomalous: 0 };
    const rate = (n: number) => (c.messages === 0 ? 0 : round(n / c.messages));
    points.push({
      t: new Date(t).toISOString(), messages: c.messages, perSecond: round(c.messages / seconds),
      rejected: c.rejected, anomalous: c.anomalous, failureRate: rate(c.rejected), anomalyRate: rate(c.anomalous),
    });
  }
  return points;
}

/** The policy's breaker thresholds as rates the chart can draw. */
export function seriesThresholds(breaker: { failure_threshold: number; anomaly_threshold: number }): TBoundarySeries["thresholds"] {
  return {
    failureRate: round(Math.min(1, breaker.failure_threshold / WINDOW_SIZE)),
    anomalyRate: breaker.anomaly_threshold,
    failureThreshold: breaker.failure_threshold,
    windowSize: WINDOW_SIZE,
  };
}

/** How a breaker transition is marked: a trip, a re-trip (a failed probe), probing, or closing again. */
export function transitionMark(from: string, to: string): TSeriesMarkKind | null {
  if (to === "OPEN") return from === "HALF_OPEN" ? "retrip" : "trip";
  if (to === "HALF_OPEN") return "probe";
  if (to === "CLOSED" && from !== "CLOSED") return "close";
  return null;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
