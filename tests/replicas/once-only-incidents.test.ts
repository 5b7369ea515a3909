import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { sweepUnreportedTrips } from "../../lib/server/breakers/sweep-unreported-trips.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, signAs, validatedData } from "../factories/agents.ts";
import { createTestBoundary, incidentsOf, type TestBoundary } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";

const [A, B] = inject("replicaUrls");
const GRACE_MS = 5_000; // the replicas' FIREBREAK_UNREPORTED_TRIP_GRACE_S (tests/support/replicas-setup.ts)

/** A batch of `count` rejected validations on the boundary, posted to the replica at `base`. */
async function rejectedBatch(b: TestBoundary, base: string, count: number) {
  const events = await Promise.all(Array.from({ length: count }, () => signAs(b.receiver, cloudEvent(b.receiver, "message.validated",
    validatedData(b.sender.id, b.receiver.id, { messageId: `msg-${randomUUID()}`, outcome: "rejected", reasons: ["schema"] })))));
  const res = await postEvents(events, { base });
  expect(res.body?.accepted).toBe(count);
}

const unreported = async (b: TestBoundary) => (await incidentsOf(b.id)).filter((i) => i.type === "unreported_trip");

describe("one unreported_trip incident per stretch, whichever replicas find it", () => {
  it("a trip found on A and never reported, then batches on both replicas at once past its grace: one incident per boundary", async () => {
    const boundaries = await Promise.all(Array.from({ length: 4 }, () => createTestBoundary("xu")));
    for (const b of boundaries) await rejectedBatch(b, A, 4); // the replay finds the trip; its grace starts
    expect(await getDb().boundary.count({ where: { id: { in: boundaries.map((b) => b.id) }, suspectedTripAt: { not: null } } })).toBe(4);
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));
    await Promise.all(boundaries.flatMap((b) => [rejectedBatch(b, A, 1), rejectedBatch(b, B, 1), rejectedBatch(b, A, 1), rejectedBatch(b, B, 1)]));
    for (const b of boundaries) expect(await unreported(b), b.id).toHaveLength(1);
    expect(await getDb().messageValidation.count({ where: { receiver: { in: boundaries.map((b) => b.receiver.id) } } })).toBe(4 * 8);
  });

  it("sweeps running at once (as on several replicas) raise each due incident once", async () => {
    const boundaries = await Promise.all(Array.from({ length: 4 }, () => createTestBoundary("xs")));
    for (const b of boundaries) await rejectedBatch(b, A, 4);
    // On a slow machine the ingest path may raise some itself (their grace passed while the batch was posted).
    const before = await getDb().incident.count({ where: { type: "unreported_trip", boundaryId: { in: boundaries.map((b) => b.id) } } });
    // Each sweep with its own idea of now, a minute on: every one of these trips is past its grace.
    const now = new Date(Date.now() + 60_000);
    const raised = await Promise.all(Array.from({ length: 4 }, () => sweepUnreportedTrips({ now })));
    for (const b of boundaries) expect(await unreported(b), b.id).toHaveLength(1);
    expect(raised.reduce((a, n) => a + n, 0)).toBe(4 - before);
  });
});

describe("one traffic_while_open incident per epoch, whichever replica sees the traffic", () => {
  it("messages accepted through a tripped breaker, reported on both replicas at once: one incident per boundary", async () => {
    const boundaries = await Promise.all(Array.from({ length: 4 }, () => createTestBoundary("xo")));
    for (const b of boundaries) await b.report("CLOSED", "OPEN", { at: new Date(Date.now() - 10_000) });
    const acceptedBatch = async (b: TestBoundary, base: string) => {
      const jws = await signAs(b.receiver, cloudEvent(b.receiver, "message.validated", validatedData(b.sender.id, b.receiver.id)));
      expect((await postEvents([jws], { base })).body?.accepted).toBe(1);
    };
    await Promise.all(boundaries.flatMap((b) => [acceptedBatch(b, A), acceptedBatch(b, B), acceptedBatch(b, A), acceptedBatch(b, B)]));
    for (const b of boundaries) {
      expect((await incidentsOf(b.id)).filter((i) => i.type === "traffic_while_open"), b.id).toHaveLength(1);
    }
    expect(await getDb().messageValidation.count({ where: { receiver: { in: boundaries.map((b) => b.receiver.id) } } })).toBe(16);
  });
});
