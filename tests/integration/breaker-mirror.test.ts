import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, type TestAgent } from "../factories/agents.ts";
import { boundaryRow, createTestBoundary, incidentsOf, reviewsOf } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";
import { sessionAs } from "../factories/session.ts";
import { openStream } from "../factories/sse.ts";
import { sweepUnreportedTrips } from "../../lib/server/breakers/sweep-unreported-trips.ts";
import { eventually } from "../support/eventually.ts";

const types = async (boundaryId: string) => (await incidentsOf(boundaryId)).map((i) => i.type);

describe("breaker mirror: reports that contradict the server", () => {
  it("a seq jump and older seqs claiming HALF_OPEN and CLOSED while the server says OPEN each raise an incident", async () => {
    const b = await createTestBoundary("mir");
    await b.report("CLOSED", "OPEN", { seq: 1 });
    await b.report("CLOSED", "OPEN", { seq: 1000 });
    await b.report("OPEN", "HALF_OPEN", { seq: 900 });
    await b.report("HALF_OPEN", "CLOSED", { seq: 901 });
    expect(await boundaryRow(b.id)).toMatchObject({ state: "OPEN", lastSeq: 1000 });
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["seq_jump", "stale_transition", "stale_transition"]);
    expect(incidents[0].detail).toMatch(/seq 1000 .*last was 1/);
    expect(incidents[1].detail).toMatch(/seq 900.*HALF_OPEN.*server shows OPEN/);
  });

  it("an older seq that agrees with the server, or only claims OPEN, raises nothing", async () => {
    const b = await createTestBoundary("mir");
    await b.report("CLOSED", "OPEN", { seq: 5 });
    await b.report("CLOSED", "OPEN", { seq: 4 });
    await b.report("CLOSED", "OPEN", { seq: 5 });
    expect(await types(b.id)).toEqual([]);
  });

  it("messages accepted on a boundary the server shows OPEN raise one traffic_while_open incident per epoch", async () => {
    const b = await createTestBoundary("mir");
    const trippedAt = new Date(Date.now() - 10_000);
    await b.validate(["accepted", "accepted"], { at: new Date(trippedAt.getTime() - 5_000) }); // before the trip: fine
    await b.report("CLOSED", "OPEN", { at: trippedAt });
    await b.validate(["rejected"]); // refused while OPEN: what an OPEN breaker does
    expect(await types(b.id)).toEqual([]);
    await b.validate(["accepted", "accepted"]);
    await b.validate(["accepted"]);
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["traffic_while_open"]);
    expect(incidents[0].detail).toMatch(/accepted 2 messages .*while the server shows it OPEN \(epoch 1\)/);
  });

  it("a trip the agent never reports is raised by the sweep once its grace has passed, with no further traffic", async () => {
    const b = await createTestBoundary("mir");
    const trippedAt = new Date(Date.now() - 28_000); // 2 s short of the 30 s grace
    await b.validate(["rejected", "rejected", "rejected"], { at: trippedAt });
    expect(await types(b.id)).toEqual([]);
    await eventually(async () => (await types(b.id)).length > 0, 15_000, "the sweep to raise an incident"); // the agent goes quiet
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["unreported_trip"]);
    expect(incidents[0].detail).toContain(`should have tripped at ${new Date(trippedAt.getTime() + 2).toISOString()}`);
  });
});

describe("breaker mirror: a trip reported late", () => {
  it("the agent's late report of the trip resolves the stretch's unreported_trip incident: audited, announced, and none raised again", async () => {
    const b = await createTestBoundary("mir");
    const trippedAt = new Date(Date.now() - 120_000);
    await b.validate(["rejected", "rejected", "rejected"], { at: trippedAt });
    const [raised] = await incidentsOf(b.id);
    expect(raised).toMatchObject({ type: "unreported_trip", status: "open" });
    const stream = await openStream((await sessionAs("reviewer")).cookie);
    try {
      await b.report("CLOSED", "OPEN", { reason: "failure_threshold", at: new Date(Date.now() - 60_000) });
      await stream.waitFor((e) => e.event === "incident.updated" && (e.data as { incidentId: string }).incidentId === raised.id);
    } finally {
      await stream.close();
    }
    await b.validate(["rejected"]); // refused while OPEN, as a tripped breaker does: replayed, swept, raises nothing
    await sweepUnreportedTrips();
    const incidents = await incidentsOf(b.id);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id: raised.id, status: "resolved", statusChangedBy: "firebreak" });
    expect(incidents[0].statusComment).toMatch(/reported the trip late/);
    const audit = await getDb().auditEntry.findMany({ where: { subject: `incident:${raised.id}` } });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([["firebreak", "incident.resolved"]]);
  });
});

describe("breaker mirror: one agent cannot flood the review queue", () => {
  it("events naming an unregistered sender are refused one by one as unknown_counterpart; nothing is queued", async () => {
    const receiver = await createTestAgent("mir-r");
    const known = await createTestAgent("mir-s");
    const senders = [...Array.from({ length: 50 }, (_, i) => `ghost-${process.pid}-${i}`), known.id];
    const batch = await Promise.all(senders.map((sender) => signAs(receiver, cloudEvent(receiver, "breaker.transition", {
      sender, receiver: receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "flood", failureCount: 3, anomalyRate: 0,
    }))));
    const res = await postEvents(batch);
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 50 });
    expect(res.body.results[0].error).toMatchObject({ code: "unknown_counterpart" });
    expect(res.body.results[0].error.detail).toContain(`ghost-${process.pid}-0 is not a registered agent`);
    expect(await getDb().boundary.count({ where: { receiver: receiver.id } })).toBe(1);
    const [only] = await getDb().boundary.findMany({ where: { receiver: receiver.id } });
    expect(await getDb().review.count({ where: { boundaryId: only.id } })).toBe(1);
  });

  it("past 20 pending reviews for one receiver a trip still opens its boundary but queues no review: one review_cap incident", async () => {
    const receiver = await createTestAgent("cap-r");
    const senders: TestAgent[] = [];
    for (let i = 0; i < 22; i++) senders.push(await createTestAgent("cap-s"));
    for (const s of senders) {
      const res = await postEvents([await signAs(receiver, cloudEvent(receiver, "breaker.transition", {
        sender: s.id, receiver: receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0,
      }))]);
      expect(res.body.accepted).toBe(1);
    }
    const boundaries = await getDb().boundary.findMany({ where: { receiver: receiver.id } });
    expect(boundaries.map((x) => x.state)).toEqual(Array(22).fill("OPEN"));
    expect(await getDb().review.count({ where: { status: "pending", boundaryId: { in: boundaries.map((x) => x.id) } } })).toBe(20);
    const capped = await getDb().incident.findMany({ where: { type: "review_cap", boundaryId: { in: boundaries.map((x) => x.id) } } });
    expect(capped).toHaveLength(1);
    expect(capped[0].detail).toMatch(new RegExp(`${receiver.id} has 20 pending reviews`));
    const last = boundaries.find((x) => x.sender === senders[21].id)!;
    expect(await reviewsOf(last.id)).toEqual([]);
  });
});
