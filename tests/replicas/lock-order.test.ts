import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { boundaryRow, incidentsOf } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";
import { connect, until } from "../factories/pg-backends.ts";

const [A, B] = inject("replicaUrls");

describe("lock order: the unreported-trip replay and reported transitions never wait on each other in a circle", () => {
  it("B applies two trips in one order while A's replay writes the same boundaries in the other: both batches stored, no deadlock", async () => {
    const receiver = await createTestAgent("lo-r");
    const senders: TestAgent[] = [await createTestAgent("lo-s"), await createTestAgent("lo-s")];
    // first: the boundary the replay writes first (it reads them in id order); second: the one B's trips move first.
    const [first, second] = senders.map((s) => ({ s, id: boundaryId(s.id, receiver.id) })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const event = (s: TestAgent, type: string, data: Record<string, unknown>, time = new Date()) =>
      signAs(receiver, cloudEvent(receiver, type, data, { time: time.toISOString() }));
    // Both boundaries exist before (a healthy message each), so neither batch waits on the other's insert of them.
    const healthy = await Promise.all([first, second].map(({ s }) => event(s, "message.validated", validatedData(s.id, receiver.id))));
    expect((await postEvents(healthy, { base: A })).body?.accepted).toBe(2);
    const long = Date.now() - 120_000; // past the grace: the replay raises each trip as it finds it
    const rejected = await Promise.all([first, second].flatMap(({ s }) => [0, 1, 2].map((i) => event(s, "message.validated",
      validatedData(s.id, receiver.id, { messageId: `msg-${randomUUID()}`, outcome: "rejected", reasons: ["schema"] }), new Date(long + i)))));
    const trips = await Promise.all([second, first].map(({ s }, k) => event(s, "breaker.transition", {
      sender: s.id, receiver: receiver.id, seq: k + 1, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0,
    })));
    // Two gates: one holds the second boundary's row (B's trips stop before moving it), the other the first
    // boundary's incident key (A's replay stops there, having written the first boundary).
    const [rowGate, keyGate, watch] = await Promise.all([connect(), connect(), connect()]);
    try {
      await rowGate.query("BEGIN");
      await rowGate.query(`SELECT 1 FROM "Boundary" WHERE "id" = $1 FOR UPDATE`, [second.id]);
      await keyGate.query("BEGIN");
      await keyGate.query(`INSERT INTO "Incident" ("id", "type", "detail", "onceKey") VALUES ($1, 'unreported_trip', 'gate', $2)`,
        [`inc_gate_${randomUUID()}`, `unreported_trip:${first.id}:0`]);
      const reported = postEvents(trips, { base: B });
      const onB = (await until(watch, (bs) => bs.some((b) => b.blockers.includes(rowGate.pid)), "B's trips at the row gate"))
        .find((b) => b.blockers.includes(rowGate.pid))!.pid;
      const replay = postEvents(rejected, { base: A });
      await until(watch, (bs) => bs.some((b) => b.pid !== onB && b.blockers.length > 0), "A's replay waiting");
      await rowGate.query("ROLLBACK");
      // B moves the second boundary, then either finishes or waits for the first, which A's replay holds.
      await Promise.race([reported, until(watch, (bs) => bs.some((b) => b.pid === onB && b.blockers.length > 0 && !b.blockers.includes(rowGate.pid)), "B waiting again")]);
      await Promise.race([replay, until(watch, (bs) => bs.some((b) => b.blockers.includes(keyGate.pid)), "A's replay at the key gate")]);
      await keyGate.query("ROLLBACK");
      const [r, t] = await Promise.all([replay, reported]);
      expect(r.status, JSON.stringify(r.body)).toBe(207);
      expect(t.status, JSON.stringify(t.body)).toBe(207);
      expect([r.body.accepted, t.body.accepted]).toEqual([6, 2]);
    } finally {
      await Promise.all([rowGate.end(), keyGate.end(), watch.end()]);
    }
    expect(await getDb().messageValidation.count({ where: { sender: { in: senders.map((s) => s.id) }, receiver: receiver.id } })).toBe(8);
    for (const { id } of [first, second]) {
      expect(await boundaryRow(id)).toMatchObject({ state: "OPEN", epoch: 1 });
      // Reported trips leave no unreported_trip open: none raised, or resolved by the report.
      const incidents = await incidentsOf(id);
      expect(incidents.length).toBeLessThanOrEqual(1);
      expect(incidents.filter((i) => i.status !== "resolved")).toEqual([]);
    }
  });
});
