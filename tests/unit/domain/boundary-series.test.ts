import { describe, expect, it } from "vitest";
import { ZSeriesQuery, fillSeries, seriesThresholds, seriesWindow, transitionMark } from "../../../lib/domain/boundary-series.ts";

describe("boundary series (domain)", () => {
  it("a range's window ends now and starts on a whole bucket, so consecutive requests line up", () => {
    const now = new Date("2026-12-01T10:07:33.250Z");
    expect(seriesWindow("1h", now)).toEqual({ from: new Date("2026-12-01T09:08:00.000Z"), to: now, bucketMs: 60_000 });
    expect(seriesWindow("15m", now).from).toEqual(new Date("2026-12-01T09:52:40.000Z"));
    expect(seriesWindow("7d", now).from).toEqual(new Date("2026-11-24T11:00:00.000Z"));
  });

  it("fills the buckets the database left out with zeros and turns counts into rates and messages per second", () => {
    const window = { from: new Date("2026-12-01T10:00:00Z"), to: new Date("2026-12-01T10:00:25Z"), bucketMs: 10_000 };
    const points = fillSeries([{ start: Date.parse("2026-12-01T10:00:10Z"), messages: 20, rejected: 5, anomalous: 1 }], window);
    expect(points.map((p) => p.t)).toEqual(["2026-12-01T10:00:00.000Z", "2026-12-01T10:00:10.000Z", "2026-12-01T10:00:20.000Z"]);
    expect(points[0]).toMatchObject({ messages: 0, failureRate: 0, anomalyRate: 0 });
    expect(points[1]).toEqual({ t: "2026-12-01T10:00:10.000Z", messages: 20, perSecond: 2, rejected: 5, anomalous: 1, failureRate: 0.25, anomalyRate: 0.05 });
  });

  it("draws the failure threshold as a share of the breaker's window, never above 100 %", () => {
    expect(seriesThresholds({ failure_threshold: 3, anomaly_threshold: 0.15 })).toEqual({ failureRate: 0.15, anomalyRate: 0.15, failureThreshold: 3, windowSize: 20 });
    expect(seriesThresholds({ failure_threshold: 50, anomaly_threshold: 0.5 }).failureRate).toBe(1);
  });

  it("names each transition as the chart marks it", () => {
    expect(transitionMark("CLOSED", "OPEN")).toBe("trip");
    expect(transitionMark("HALF_OPEN", "OPEN")).toBe("retrip");
    expect(transitionMark("OPEN", "HALF_OPEN")).toBe("probe");
    expect(transitionMark("HALF_OPEN", "CLOSED")).toBe("close");
    expect(transitionMark("CLOSED", "CLOSED")).toBeNull();
  });

  it("takes the four ranges, defaults to 1 h, and refuses anything else", () => {
    expect(ZSeriesQuery.parse({})).toEqual({ range: "1h" });
    for (const range of ["15m", "1h", "24h", "7d"]) expect(ZSeriesQuery.parse({ range })).toEqual({ range });
    expect(ZSeriesQuery.safeParse({ range: "2h" }).success).toBe(false);
    expect(ZSeriesQuery.safeParse({ range: "1h", extra: "1" }).success).toBe(false);
  });
});
