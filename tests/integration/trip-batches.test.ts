import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import type { Evidence } from "../../lib/server/reviews/evidence.ts";
import { cloudEvent, createTestAgent, signAs, type TestAgent } from "../factories/agents.ts";
import { boundaryRow, createTestBoundary, incidentsOf, reviewsOf } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";

// The trips of one batch are judged and written together (docs/breaker-mirror.md#batches): these are the
// cases where that could differ from reporting them one by one.

const transition = (receiver: TestAgent, sender: string, seq: number, from: string, to: string) =>
  signAs(receiver, cloudEvent(receiver, "breaker.transition", {
    sender, receiver: receiver.id, seq, from, to, reason: "failure_threshold", failureCount: 3, anomalyRate: 0.2,
  }));

/** The audit actions recorded about these subjects, in chain order. */
async function auditActions(subjects: string[]): Promise<string[]> {
  const entries = await getDb().auditEntry.findMany({ where: { subject: { in: subjects } }, orderBy: { seq: "asc" } });
  return entries.map((e) => `${e.action} ${e.subject.split(":")[0]}`);
}

describe("trips in one batch", () => {
  it("twelve trips on twelve boundaries in one batch each open their boundary with one review holding its own evidence", async () => {
    const receiver = await createTestAgent("tb-r");
    const senders: TestAgent[] = [];
    for (let i = 0; i < 12; i++) senders.push(await createTestAgent("tb-s"));
    const rejected = await createTestBoundary("tb-e"); // a boundary with rejected messages, tripped in the same batch
    const ids = await rejected.validate(["rejected", "accepted", "rejected"]);
    const batch = await Promise.all(senders.map((s) => transition(receiver, s.id, 1, "CLOSED", "OPEN")));
    batch.splice(5, 0, await transition(rejected.receiver, rejected.sender.id, 1, "CLOSED", "OPEN"));
    const res = await postEvents(batch);
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ accepted: 13, rejected: 0 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(Array(13).fill("accepted"));
    for (const s of senders) {
      const id = boundaryId(s.id, receiver.id);
      expect(await boundaryRow(id)).toMatchObject({ state: "OPEN", epoch: 1, lastSeq: 1, failureCount: 3, anomalyRate: 0.2 });
      const reviews = await reviewsOf(id);
      expect(reviews.map((r) => [r.status, r.epoch, r.kind])).toEqual([["pending", 1, "trip"]]);
      const evidence = JSON.parse(reviews[0].evidence) as Evidence;
      expect(evidence.rejectedMessages).toEqual([]);
      expect(evidence.blastRadius).toEqual([{ agentId: receiver.id, depth: 1 }]);
      expect(await auditActions([`boundary:${id}`, `review:${reviews[0].id}`])).toEqual(["review.created review", "boundary.transition boundary"]);
    }
    const [review] = await reviewsOf(rejected.id);
    const evidence = JSON.parse(review.evidence) as Evidence;
    expect(evidence.rejectedMessages.map((m) => m.messageId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(evidence.trip).toMatchObject({ from: "CLOSED", to: "OPEN", seq: 1, reason: "failure_threshold" });
    const chain = await verifyAuditChain();
    expect(chain.ok).toBe(true);
  });

  it("transitions of one boundary in one batch apply in seq order: a re-trip voids the review queued by the first", async () => {
    const b = await createTestBoundary("tb-same");
    const res = await postEvents([
      await transition(b.receiver, b.sender.id, 2, "HALF_OPEN", "OPEN"),
      await transition(b.receiver, b.sender.id, 1, "CLOSED", "OPEN"),
      await transition(b.receiver, b.sender.id, 1, "CLOSED", "OPEN"), // the same seq again, signed anew: stored, moves nothing
    ]);
    expect(res.body).toMatchObject({ accepted: 3 });
    expect(await boundaryRow(b.id)).toMatchObject({ state: "OPEN", epoch: 2, lastSeq: 2 });
    const reviews = await reviewsOf(b.id);
    expect(reviews.map((r) => [r.epoch, r.status, r.version])).toEqual([[1, "void", 1], [2, "pending", 0]]);
    expect((await incidentsOf(b.id)).map((i) => i.type)).toEqual([]); // OPEN → OPEN: a forced re-trip
    expect(await getDb().breakerTransition.findMany({ where: { boundaryId: b.id }, orderBy: { id: "asc" }, select: { seq: true, applied: true } }))
      .toEqual([{ seq: 1, applied: true }, { seq: 1, applied: false }, { seq: 2, applied: true }]);
    expect(await auditActions([`boundary:${b.id}`, ...reviews.map((r) => `review:${r.id}`)])).toEqual([
      "review.created review", "boundary.transition boundary",
      "review.voided review", "review.created review", "boundary.transition boundary",
    ]);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("a move into HALF_OPEN between two trips in one batch is judged against the first trip's epoch, then the re-trip goes on", async () => {
    const b = await createTestBoundary("tb-gate");
    await postEvents([
      await transition(b.receiver, b.sender.id, 1, "CLOSED", "OPEN"),
      await transition(b.receiver, b.sender.id, 2, "OPEN", "HALF_OPEN"),
      await transition(b.receiver, b.sender.id, 3, "HALF_OPEN", "OPEN"),
    ]);
    expect(await boundaryRow(b.id)).toMatchObject({ state: "OPEN", epoch: 2, lastSeq: 3 });
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["gate_bypass"]);
    expect(incidents[0].detail).toMatch(/no approval exists for epoch 1/);
    expect((await reviewsOf(b.id)).map((r) => [r.epoch, r.status])).toEqual([[1, "void"], [2, "pending"]]);
  });
});

describe("trips in one batch: the receiver's cap of pending reviews", () => {
  it("22 trips of one receiver in one batch queue 20 reviews and one review_cap incident; every boundary opens", async () => {
    const receiver = await createTestAgent("tbc-r");
    const senders: TestAgent[] = [];
    for (let i = 0; i < 22; i++) senders.push(await createTestAgent("tbc-s"));
    const res = await postEvents(await Promise.all(senders.map((s) => transition(receiver, s.id, 1, "CLOSED", "OPEN"))));
    expect(res.body).toMatchObject({ accepted: 22 });
    const boundaries = await getDb().boundary.findMany({ where: { receiver: receiver.id } });
    expect(boundaries.map((x) => x.state)).toEqual(Array(22).fill("OPEN"));
    const ids = boundaries.map((x) => x.id);
    expect(await getDb().review.count({ where: { status: "pending", boundaryId: { in: ids } } })).toBe(20);
    const capped = await getDb().incident.findMany({ where: { type: "review_cap", boundaryId: { in: ids } } });
    expect(capped).toHaveLength(1);
    expect(capped[0].boundaryId).toBe(boundaryId(senders[20].id, receiver.id));
    expect(await reviewsOf(boundaryId(senders[21].id, receiver.id))).toEqual([]);
  });

  it("on a receiver at its cap, a re-trip in a batch frees its old review's place and takes it; a trip after it in the batch queues none", async () => {
    const receiver = await createTestAgent("tbc2-r");
    const senders: TestAgent[] = [];
    for (let i = 0; i < 21; i++) senders.push(await createTestAgent("tbc2-s"));
    await postEvents(await Promise.all(senders.slice(0, 20).map((s) => transition(receiver, s.id, 1, "CLOSED", "OPEN"))));
    const retripped = boundaryId(senders[0].id, receiver.id);
    const fresh = boundaryId(senders[20].id, receiver.id);
    const res = await postEvents([
      await transition(receiver, senders[0].id, 2, "HALF_OPEN", "OPEN"),
      await transition(receiver, senders[20].id, 1, "CLOSED", "OPEN"),
    ]);
    expect(res.body).toMatchObject({ accepted: 2 });
    expect((await reviewsOf(retripped)).map((r) => [r.epoch, r.status])).toEqual([[1, "void"], [2, "pending"]]);
    expect(await boundaryRow(fresh)).toMatchObject({ state: "OPEN", epoch: 1 });
    expect(await reviewsOf(fresh)).toEqual([]);
    expect((await incidentsOf(fresh)).map((i) => i.type)).toEqual(["review_cap"]);
    const boundaries = await getDb().boundary.findMany({ where: { receiver: receiver.id }, select: { id: true } });
    expect(await getDb().review.count({ where: { status: "pending", boundaryId: { in: boundaries.map((x) => x.id) } } })).toBe(20);
  });

  it("a re-trip's evidence holds the rejected messages since the previous trip only, read ahead or not", async () => {
    // The evidence of a boundary's first report in a set is read with the set's state, from the boundary's last
    // applied transition (docs/benchmarks.md#trips); a second trip in the same batch reads its own, from the first.
    const b = await createTestBoundary("tb-since");
    const t0 = Date.now() - 10_000;
    const before = await b.validate(["rejected", "rejected"], { at: new Date(t0) });
    await b.report("CLOSED", "OPEN", { at: new Date(t0 + 1_000) });
    const between = await b.validate(["rejected", "accepted"], { at: new Date(t0 + 2_000) });
    await b.report("OPEN", "OPEN", { at: new Date(t0 + 3_000) });
    const after = await b.validate(["rejected"], { at: new Date(t0 + 4_000) });
    const res = await postEvents([
      await transition(b.receiver, b.sender.id, 3, "OPEN", "OPEN"),
      await transition(b.receiver, b.sender.id, 4, "OPEN", "OPEN"),
    ]);
    expect(res.body).toMatchObject({ accepted: 2 });
    const reviews = await reviewsOf(b.id);
    const rejected = reviews.map((r) => (JSON.parse(r.evidence) as Evidence).rejectedMessages.map((m) => m.messageId).sort());
    expect(rejected).toEqual([[...before].sort(), [between[0]], [after[0]], []]);
    expect(reviews.map((r) => [r.epoch, r.status])).toEqual([[1, "void"], [2, "void"], [3, "void"], [4, "pending"]]);
  });
});
