import { beforeAll, describe, expect, it } from "vitest";
import type { TBoundarySeries } from "../../lib/domain/boundary-series.ts";
import { createTestBoundary, reviewsOf, type TestBoundary } from "../factories/breaker.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let b: TestBoundary;
let reviewer: TestSession;
let batchAt: Date;
let tripAt: Date;

// Ten validations 1 ms apart inside one 10 s bucket two minutes ago (3 rejected, 2 anomalous), then a trip
// reported a minute ago and its review approved: all through the real API.
beforeAll(async () => {
  b = await createTestBoundary("series");
  reviewer = await sessionAs("reviewer");
  batchAt = new Date(Math.floor((Date.now() - 120_000) / 10_000) * 10_000 + 1_000);
  await b.validate(
    ["accepted", "rejected", "accepted", "rejected", "accepted", "accepted", "rejected", "accepted", "accepted", "accepted"],
    { at: batchAt, anomalyScores: [0.9, 0.1, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] },
  );
  tripAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  await b.report("CLOSED", "OPEN", { at: tripAt, reason: "failures" });
  const [review] = await reviewsOf(b.id);
  const decided = await asUser(reviewer, `/api/v1/reviews/${review.id}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", comment: "sender fixed" }) });
  expect(decided.status).toBe(200);
});

async function series(range?: string, session: TestSession | null = reviewer) {
  return asUser(session, `/api/v1/boundaries/${b.id}/series${range === undefined ? "" : `?range=${range}`}`);
}

describe("boundary series: GET /api/v1/boundaries/{id}/series", () => {
  it("counts the messages of a 15 min range in 10 s buckets, with their failure and anomaly rates, against the policy's thresholds", async () => {
    const res = await series("15m");
    expect(res.status).toBe(200);
    const s: TBoundarySeries = await res.json();
    expect(s).toMatchObject({ boundaryId: b.id, range: "15m", bucketMs: 10_000, thresholds: { failureRate: 0.15, anomalyRate: 0.15, failureThreshold: 3, windowSize: 20 } });
    expect(s.points.length).toBeGreaterThanOrEqual(90);
    expect(s.points.length).toBeLessThanOrEqual(91);
    const busy = s.points.filter((p) => p.messages > 0);
    expect(busy).toEqual([{
      t: new Date(batchAt.getTime() - 1_000).toISOString(), messages: 10, perSecond: 1, rejected: 3, anomalous: 2, failureRate: 0.3, anomalyRate: 0.2,
    }]);
    expect(Date.parse(s.points[1].t) - Date.parse(s.points[0].t)).toBe(10_000);
  });

  it("marks the trip at the time the receiver reported it, and the approval of its review", async () => {
    const s: TBoundarySeries = await (await series("15m")).json();
    expect(s.marks.map((m) => m.kind)).toEqual(["trip", "approval"]);
    expect(s.marks[0]).toEqual({ kind: "trip", at: tripAt.toISOString(), detail: "CLOSED → OPEN (failures)" });
    expect(s.marks[1].detail).toMatch(/epoch 1 approved/);
  });

  it("answers 1 h in 1 min buckets by default, and 24 h and 7 d with the same total", async () => {
    const hour: TBoundarySeries = await (await series()).json();
    expect(hour).toMatchObject({ range: "1h", bucketMs: 60_000 });
    for (const [range, bucketMs] of [["1h", 60_000], ["24h", 600_000], ["7d", 3_600_000]] as const) {
      const s: TBoundarySeries = await (await series(range)).json();
      expect(s.bucketMs).toBe(bucketMs);
      expect(s.points.reduce((n, p) => n + p.messages, 0)).toBe(10);
      expect(s.points.reduce((n, p) => n + p.rejected, 0)).toBe(3);
      expect(s.marks.filter((m) => m.kind === "trip")).toHaveLength(1);
    }
  });

  it("refuses an unknown range or parameter with 422 problem+json naming it, and an unknown boundary with 404", async () => {
    for (const query of ["range=2h", "range=", "range=1h&from=yesterday"]) {
      const res = await asUser(reviewer, `/api/v1/boundaries/${b.id}/series?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(JSON.stringify((await res.json()).problems)).toMatch(/range|from/);
    }
    expect((await asUser(reviewer, "/api/v1/boundaries/bnd_nope/series?range=1h")).status).toBe(404);
  });

  it("answers 401 to anonymous callers and 200 to every role (every role may view boundaries)", async () => {
    const anon = await series("1h", null);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toMatch(/problem\+json/);
    for (const role of ["reviewer", "security", "admin"] as const) expect((await series("1h", await sessionAs(role))).status).toBe(200);
  });
});
