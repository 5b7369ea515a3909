import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { planTripChecks } from "../../lib/server/breakers/project-unreported-trips.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { storeEvents, type SignedEvent } from "../../lib/server/ingest/store-events.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { EVENT_TYPE } from "../../lib/domain/events.ts";
import type { StoredEvent } from "../../lib/server/events/projection.ts";
import { connect, until } from "../factories/pg-backends.ts";
import { createTestAgent, validatedData } from "../factories/agents.ts";

const onPostgres = /^postgres/.test(inject("databaseUrl"));

const event = (source: string, type: string, data: Record<string, unknown>): SignedEvent => ({
  source, id: `evt-${randomUUID()}`, type: type as SignedEvent["type"], time: new Date(), data: data as SignedEvent["data"],
  kid: "kid-test", payloadHash: randomUUID(), jws: "not.checked.here",
});

const trip = (sender: string, receiver: string) => event(receiver, EVENT_TYPE.breakerTransition, {
  sender, receiver, seq: 1, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0,
});
const validated = (sender: string, receiver: string) => event(receiver, EVENT_TYPE.messageValidated, validatedData(sender, receiver));

describe.runIf(onPostgres)("ingest on PostgreSQL: two batches creating the same new boundaries never wait on each other in a circle", () => {
  it("A trips X and validates Y while B trips Y and validates X, both held mid-way: both batches stored, no deadlock", async () => {
    const [s1, s2, rA, rB] = await Promise.all(["bo-s", "bo-s", "bo-ra", "bo-rb"].map((p) => createTestAgent(p)));
    const byId = (pairs: [string, string][]) => pairs.map(([s, r]) => ({ s, r, id: boundaryId(s, r) })).sort((a, b) => (a.id < b.id ? -1 : 1));
    // Batch A trips two boundaries of receiver rA, batch B two of rB: their receiver locks are disjoint. The
    // gate holds the later (in id order) of each pair, so each batch stops having created the earlier one.
    const [x, gateA] = byId([[s1.id, rA.id], [s2.id, rA.id]]);
    const [y, gateB] = byId([[s1.id, rB.id], [s2.id, rB.id]]);
    // This process replayed X and Y a moment ago (as after its other lane's batch), so the healthy messages
    // below plan no replay and take no lock: only the boundary rows order the two batches.
    const seen = (b: { s: string; r: string }): StoredEvent => ({ ...validated(b.s, b.r), seq: 0 });
    planTripChecks([seen(x), seen(y)], new Date());
    const batchA = [trip(x.s, x.r), trip(gateA.s, gateA.r), validated(y.s, y.r)];
    const batchB = [trip(y.s, y.r), trip(gateB.s, gateB.r), validated(x.s, x.r)];
    const { policy } = await getCurrentPolicy();
    const [gate, watch] = await Promise.all([connect(), connect()]);
    try {
      await gate.query("BEGIN");
      for (const g of [gateA, gateB]) {
        await gate.query(`INSERT INTO "Boundary" ("id", "sender", "receiver", "createdAt", "updatedAt") VALUES ($1, $2, $3, now(), now())`,
          [g.id, g.s, g.r]);
      }
      // Two ingest lanes (FIREBREAK_PG_INGEST_LANES defaults to 2): the batches run at once, each on its connection.
      const stored = Promise.allSettled([storeEvents(batchA, policy, new Date()), storeEvents(batchB, policy, new Date())]);
      await until(watch, (bs) => bs.filter((b) => b.pid !== gate.pid && b.blockers.length > 0).length >= 2, "both batches waiting");
      await gate.query("ROLLBACK");
      const [a, b] = await stored;
      expect(a.status === "rejected" ? String(a.reason) : "stored").toBe("stored");
      expect(b.status === "rejected" ? String(b.reason) : "stored").toBe("stored");
      expect([a, b].map((r) => (r.status === "fulfilled" ? r.value : []))).toEqual([["accepted", "accepted", "accepted"], ["accepted", "accepted", "accepted"]]);
    } finally {
      await Promise.all([gate.end(), watch.end()]);
    }
    for (const { id } of [x, y, gateA, gateB]) {
      expect(await getDb().boundary.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "OPEN", epoch: 1 });
    }
  });
});
