import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { decideReview } from "../../lib/server/reviews/decide-review.ts";
import { getReview } from "../../lib/server/reviews/get-review.ts";
import type { Evidence } from "../../lib/server/reviews/evidence.ts";
import { cloudEvent, createTestAgent, signAs, validatedData } from "../factories/agents.ts";
import { fetchDirectives } from "../factories/agent-requests.ts";
import { boundaryRow, createTestBoundary, incidentsOf, reviewsOf } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";
import { setEnv } from "../support/env.ts";

// A trip reported 299 s ago: its 300 s cooldown ends a second from now, so approvals are usable at once.
const nearlyCooled = () => new Date(Date.now() - 299_000);
const person = (n: string, role = "reviewer") => ({ id: `usr-${n}-${randomUUID().slice(0, 6)}`, role, email: `${n}@example.test` });
const accepted = (n: number) => Array.from({ length: n }, () => "accepted" as const);

/** The boundary has exactly one incident, an unreported_trip saying when it should have tripped (and why). */
async function expectOneUnreportedTrip(boundaryId: string, at: Date, why = "") {
  const incidents = await incidentsOf(boundaryId);
  expect(incidents.map((i) => i.type)).toEqual(["unreported_trip"]);
  expect(incidents[0].detail).toContain(`should have tripped at ${at.toISOString()}${why}`);
}
const waitUntil = (iso: string) => new Promise((r) => setTimeout(r, Math.max(0, Date.parse(iso) - Date.now() + 50)));

describe("gate: a trip waits for a person", () => {
  it("a reported trip queues exactly one pending review holding its evidence and starts epoch 1", async () => {
    const b = await createTestBoundary();
    const downstream = await createTestAgent("gate-x");
    await postEvents([await signAs(downstream, cloudEvent(downstream, "message.validated", validatedData(b.receiver.id, downstream.id, { chain: [b.receiver.id] })))]);
    const root = `rec-${randomUUID()}`;
    const rejected = await b.validate(["rejected", "accepted", "rejected", "rejected"], { parents: [root] });
    const at = new Date(Date.now() - 1000);
    await b.report("CLOSED", "OPEN", { reason: "failure_threshold", anomalyRate: 0.25, at });
    const boundary = await boundaryRow(b.id);
    expect(boundary).toMatchObject({ state: "OPEN", epoch: 1 });
    expect(boundary.cooldownEndsAt!.getTime()).toBe(at.getTime() + 300_000);
    const reviews = await reviewsOf(b.id);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ status: "pending", epoch: 1, requiredApprovals: 1, kind: "trip" });
    const evidence = JSON.parse(reviews[0].evidence) as Evidence;
    expect(evidence.trip).toMatchObject({ from: "CLOSED", to: "OPEN", reason: "failure_threshold", anomalyRate: 0.25 });
    expect(evidence.anomalyRate).toBe(0.25);
    expect(evidence.rejectedMessages.map((m) => m.messageId).sort()).toEqual([rejected[0], rejected[2], rejected[3]].sort());
    expect(evidence.provenanceRoots.map((r) => r.id)).toEqual([root]);
    expect(evidence.blastRadius).toEqual([{ agentId: b.receiver.id, depth: 1 }, { agentId: downstream.id, depth: 2 }]);
  });

  it("approve → a signed approve_half_open directive → HALF_OPEN under it → CLOSED, with no incident", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN", { at: nearlyCooled() });
    const [review] = await reviewsOf(b.id);
    const decided = await decideReview({ reviewId: review.id, user: person("ann"), decision: "approve", comment: "sender patched" });
    expect(decided.status).toBe("approved");
    const { directives, cursor } = await fetchDirectives(b.receiver);
    const approval = directives.find((d) => d.type === "approve_half_open")!;
    expect(approval).toMatchObject({ epoch: 1, approvalId: decided.grant!.approvalId, boundary: { sender: b.sender.id, receiver: b.receiver.id } });
    expect(Date.parse(approval.notBefore!)).toBeGreaterThanOrEqual(review.cooldownEndsAt.getTime());
    expect(Date.parse(approval.expiresAt!) - Date.parse(approval.notBefore!)).toBe(900_000);
    expect((await fetchDirectives(b.receiver, cursor)).directives).toEqual([]);
    await waitUntil(approval.notBefore!);
    await b.report("OPEN", "HALF_OPEN", { approvalId: approval.approvalId, reason: "approved" });
    expect((await boundaryRow(b.id)).state).toBe("HALF_OPEN");
    expect((await getReview({ id: review.id })).grant!.usedAt).not.toBeNull();
    await b.report("HALF_OPEN", "CLOSED", { reason: "probes_passed" });
    expect(await boundaryRow(b.id)).toMatchObject({ state: "CLOSED", epoch: 1 });
    expect(await incidentsOf(b.id)).toEqual([]);
  });

  it("reject keeps the boundary OPEN and sends the agent nothing", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN");
    const [review] = await reviewsOf(b.id);
    const decided = await decideReview({ reviewId: review.id, user: person("bob"), decision: "reject", comment: "sender still compromised" });
    expect(decided).toMatchObject({ status: "rejected", grant: null });
    expect(decided.approvals[0]).toMatchObject({ decision: "reject", comment: "sender still compromised" });
    expect((await fetchDirectives(b.receiver)).directives).toEqual([]);
    expect((await boundaryRow(b.id)).state).toBe("OPEN");
  });

  it("a decision without a comment is refused (422) and decides nothing", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN");
    const [review] = await reviewsOf(b.id);
    await expect(decideReview({ reviewId: review.id, user: person("cat"), decision: "approve", comment: "  " })).rejects.toMatchObject({ code: "invalid" });
    expect((await getReview({ id: review.id })).status).toBe("pending");
  });
});

describe("gate: the server does not take the agent's word for it", () => {
  it("OPEN → HALF_OPEN without an approval is stored as what happened and raises a gate_bypass incident", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN");
    await b.report("OPEN", "HALF_OPEN", { reason: "approved" });
    expect((await boundaryRow(b.id)).state).toBe("HALF_OPEN");
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["gate_bypass"]);
    expect(incidents[0].detail).toMatch(/without a valid approval/);
  });

  it("HALF_OPEN before the cooldown ends is a gate bypass even with an approval", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN");
    const [review] = await reviewsOf(b.id);
    const decided = await decideReview({ reviewId: review.id, user: person("dan"), decision: "approve", comment: "ok" });
    await b.report("OPEN", "HALF_OPEN", { approvalId: decided.grant!.approvalId });
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["gate_bypass"]);
    expect(incidents[0].detail).toMatch(/not valid before/);
  });

  it("a re-trip voids the earlier approval; using it afterwards is a gate bypass", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN", { at: nearlyCooled() });
    const [first] = await reviewsOf(b.id);
    const decided = await decideReview({ reviewId: first.id, user: person("eve"), decision: "approve", comment: "ok" });
    await b.report("OPEN", "OPEN", { reason: "force_open" });
    const reviews = await reviewsOf(b.id);
    expect(reviews.map((r) => [r.epoch, r.status])).toEqual([[1, "void"], [2, "pending"]]);
    await waitUntil(decided.grant!.notBefore);
    await b.report("OPEN", "HALF_OPEN", { approvalId: decided.grant!.approvalId });
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["gate_bypass"]);
    expect(incidents[0].detail).toMatch(/void|epoch 1/);
  });

  it("an approval not used by its expiresAt expires: the boundary stays OPEN and a fresh review is queued", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN", { at: nearlyCooled() });
    const [review] = await reviewsOf(b.id);
    const restore = setEnv({ FIREBREAK_APPROVAL_TTL_S: "1" }); // this decision runs in the test process
    try {
      await decideReview({ reviewId: review.id, user: person("fay"), decision: "approve", comment: "ok" });
    } finally {
      restore();
    }
    const { expiresAt, approvalId } = await getDb().review.findUniqueOrThrow({ where: { id: review.id } });
    await waitUntil(expiresAt!.toISOString());
    expect((await getReview({ id: review.id })).status).toBe("expired");
    const reviews = await reviewsOf(b.id);
    expect(reviews.map((r) => [r.kind, r.status])).toEqual([["trip", "expired"], ["retry", "pending"]]);
    await b.report("OPEN", "HALF_OPEN", { approvalId });
    expect((await incidentsOf(b.id)).map((i) => i.type)).toEqual(["gate_bypass"]);
  });

  it("an illegal reported move (OPEN → CLOSED) raises an illegal_transition incident", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN");
    await b.report("OPEN", "CLOSED");
    expect((await incidentsOf(b.id)).map((i) => i.type)).toEqual(["illegal_transition"]);
  });

  it("failures that should have tripped a boundary still reported CLOSED raise one unreported_trip incident", async () => {
    const b = await createTestBoundary();
    const at = new Date(Date.now() - 120_000);
    await b.validate(["rejected", "rejected", "rejected"], { at });
    await b.validate(["rejected", "accepted", "rejected"], { at: new Date(at.getTime() + 1000) });
    const incidents = await incidentsOf(b.id);
    expect(incidents.map((i) => i.type)).toEqual(["unreported_trip"]);
    expect(incidents[0].detail).toMatch(/failure_threshold/);
  });

  it("a trip found within its grace is still raised after heavy traffic has pushed it out of the replay window", async () => {
    const b = await createTestBoundary();
    const trippedAt = new Date(Date.now() - 28_000); // 2 s short of the 30 s grace
    await b.validate(["rejected", "rejected", "rejected"], { at: trippedAt });
    expect(await incidentsOf(b.id)).toEqual([]);
    await b.validate(accepted(250), { at: new Date(trippedAt.getTime() + 1000) });
    await new Promise((r) => setTimeout(r, 2_500)); // the grace passes; the agent still reports CLOSED
    await b.validate(["rejected"]);
    await expectOneUnreportedTrip(b.id, new Date(trippedAt.getTime() + 2));
  });

  it("failures buried under hundreds of accepted validations in the same batch still raise an unreported_trip", async () => {
    const b = await createTestBoundary();
    const at = new Date(Date.now() - 120_000);
    await b.validate(["rejected", "rejected", "rejected", ...accepted(250)], { at });
    await expectOneUnreportedTrip(b.id, new Date(at.getTime() + 2));
  });

  it("failures sent late with times in the past, behind hundreds of newer validations, still raise an unreported_trip", async () => {
    const b = await createTestBoundary();
    await b.validate(accepted(250), { at: new Date(Date.now() - 10_000) });
    const backdated = new Date(Date.now() - 120_000);
    await b.validate(["rejected", "rejected", "rejected"], { at: backdated });
    await expectOneUnreportedTrip(b.id, new Date(backdated.getTime() + 2));
  });

  it("a trip that comes with the window's tenth sample, in a batch with nothing suspicious, is found by the periodic deep replay", async () => {
    const b = await createTestBoundary();
    const at = new Date(Date.now() - 120_000);
    // Nine samples, two anomalous: too few for the anomaly rate to count yet (it needs ten).
    await b.validate(accepted(9), { at, anomalyScores: [0.9, 0.9, 0, 0, 0, 0, 0, 0, 0] });
    // The tenth is healthy, but with it the rate (0.20) is over the threshold (0.15): the breaker trips here.
    await b.validate(["accepted"], { at: new Date(at.getTime() + 100) });
    expect(await incidentsOf(b.id)).toEqual([]); // nothing suspicious in that batch: no replay yet
    await new Promise((r) => setTimeout(r, 5_100)); // the boundary's deep replay is due again
    await b.validate(["accepted"], { at: new Date(at.getTime() + 200) });
    await expectOneUnreportedTrip(b.id, new Date(at.getTime() + 100), " (anomaly_threshold");
  });

  it("a trip reported with its failures, in the same batch or soon after, is not an unreported trip", async () => {
    const b = await createTestBoundary();
    await b.validate(["rejected", "rejected", "rejected"]);
    await b.report("CLOSED", "OPEN");
    const c = await createTestBoundary();
    const at = new Date(Date.now() - 120_000);
    const seq = 1;
    const events = [
      ...["rejected", "rejected", "rejected"].map((outcome, i) => cloudEvent(c.receiver, "message.validated",
        validatedData(c.sender.id, c.receiver.id, { outcome }), { time: new Date(at.getTime() + i).toISOString() })),
      cloudEvent(c.receiver, "breaker.transition", { sender: c.sender.id, receiver: c.receiver.id, seq, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0 }, { time: new Date(at.getTime() + 5).toISOString() }),
    ];
    await postEvents(await Promise.all(events.map((e) => signAs(c.receiver, e))));
    expect(await incidentsOf(b.id)).toEqual([]);
    expect(await incidentsOf(c.id)).toEqual([]);
  });

  it("three trips within an hour make a boundary flapping: an incident, and two distinct approvers", async () => {
    const b = await createTestBoundary();
    await b.report("CLOSED", "OPEN");
    await b.report("OPEN", "OPEN", { reason: "force_open" });
    await b.report("OPEN", "OPEN", { reason: "force_open", at: nearlyCooled() });
    expect((await incidentsOf(b.id)).map((i) => i.type)).toEqual(["flapping"]);
    const pending = (await reviewsOf(b.id)).filter((r) => r.status === "pending");
    expect(pending).toHaveLength(1);
    expect(pending[0].requiredApprovals).toBe(2);
    const gil = person("gil");
    const once = await decideReview({ reviewId: pending[0].id, user: gil, decision: "approve", comment: "looks fine" });
    expect(once).toMatchObject({ status: "pending", approvals: [{ decision: "approve" }] });
    await expect(decideReview({ reviewId: pending[0].id, user: gil, decision: "approve", comment: "again" })).rejects.toMatchObject({ code: "conflict" });
    const twice = await decideReview({ reviewId: pending[0].id, user: person("hal", "admin"), decision: "approve", comment: "agreed" });
    expect(twice.status).toBe("approved");
    expect((await fetchDirectives(b.receiver)).directives.map((d) => [d.type, d.epoch])).toEqual([["approve_half_open", 3]]);
  });
});
