import { describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { loadSigner, Reporter, silentLogger, systemClock, type TOutgoingEvent, type TRejectedEvent } from "../../sdk/index.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";

const baseUrl = inject("baseUrl");
const LONG_AGO_MS = 20 * 60_000; // far past the server's clock window (FIREBREAK_CLOCK_SKEW_S, 300 s by default)

/** A reporter for `agent` against the running app, starting with `restored` (what an earlier run saved). */
function reporterOf(agent: TestAgent, restored: TOutgoingEvent[] = [], rejected: TRejectedEvent[] = []) {
  return new Reporter({
    controlPlaneUrl: baseUrl, source: agent.id, signer: loadSigner(agent.privateJwk), fetch: globalThis.fetch, clock: systemClock,
    logger: silentLogger, restored, onRejected: (e) => rejected.push(e),
  });
}

const trip = (sender: string, receiver: string, time: number): TOutgoingEvent => ({
  specversion: "1.0", id: `evt-late-${sender}`, source: receiver, type: "firebreak.breaker.transition", time: new Date(time).toISOString(),
  data: { sender, receiver, seq: 1, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0.75 },
});

/** How many transitions and reviews the control plane holds for sender → receiver. */
async function rowsOn(sender: string, receiver: string) {
  const where = { boundaryId: boundaryId(sender, receiver) };
  return { transitions: await getDb().breakerTransition.count({ where }), reviews: await getDb().review.count({ where }) };
}

describe("reports that waited past the server's clock window", () => {
  it("a trip report saved 20 minutes ago and never delivered is re-dated and stored once, its first time kept: one transition, one review", async () => {
    const [x, y] = [await createTestAgent("late-x"), await createTestAgent("late-y")];
    const first = Date.now() - LONG_AGO_MS;
    const rejected: TRejectedEvent[] = [];
    const r = reporterOf(x, [trip(y.id, x.id, first)], rejected);
    await r.flush();
    expect(rejected).toEqual([]);
    expect(r.stats()).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0, pending: 0 });
    expect(await rowsOn(y.id, x.id)).toEqual({ transitions: 1, reviews: 1 });
    const event = await getDb().event.findFirstOrThrow({ where: { source: x.id, eventId: `evt-late-${y.id}` } });
    const payload = JSON.parse(Buffer.from(event.jws.split(".")[1], "base64url").toString()) as { firebreakfirsttime?: string };
    expect(payload.firebreakfirsttime).toBe(new Date(first).toISOString());
  });

  it("a trip report the server stored before (its answer lost), re-sent 20 minutes later, is recognised as stored: no second transition, no second review", async () => {
    const [x, y] = [await createTestAgent("late-x"), await createTestAgent("late-y")];
    const now = Date.now();
    const original = trip(y.id, x.id, now);
    const kept = reporterOf(x, [original]);
    await kept.flush();
    expect(kept.stats()).toMatchObject({ accepted: 1 });
    // The same event, as a run that never saw the answer saved it, read back 20 minutes later (its time that far behind).
    const rejected: TRejectedEvent[] = [];
    const later = reporterOf(x, [{ ...original, time: new Date(now - LONG_AGO_MS).toISOString() }], rejected);
    await later.flush();
    expect(rejected).toEqual([]);
    expect(later.stats()).toMatchObject({ accepted: 0, duplicates: 1, rejected: 0, pending: 0 });
    expect(await rowsOn(y.id, x.id)).toEqual({ transitions: 1, reviews: 1 });
  });
});
