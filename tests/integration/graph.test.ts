import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { TGraph } from "../../lib/domain/graph.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let up: TestAgent;
let down: TestAgent;
let reviewer: TestSession;

beforeAll(async () => {
  up = await createTestAgent("gup");
  down = await createTestAgent("gdown");
  reviewer = await sessionAs("reviewer");
});

async function graphAs(session: TestSession): Promise<TGraph> {
  const res = await asUser(session, "/api/v1/graph");
  expect(res.status).toBe(200);
  return res.json();
}

async function post(agent: TestAgent, type: string, data: Record<string, unknown>) {
  const res = await postEvents([await signAs(agent, cloudEvent(agent, type, data))]);
  expect(res.body.accepted).toBe(1);
}

describe("graph API: GET /api/v1/graph", () => {
  it("answers 401 problem+json to anonymous callers and 200 to every role", async () => {
    const anon = await asUser(null, "/api/v1/graph");
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toMatch(/problem\+json/);
    for (const role of ["reviewer", "security", "admin"] as const) expect((await asUser(await sessionAs(role), "/api/v1/graph")).status).toBe(200);
  });

  it("shows registered agents, and a boundary as soon as messages cross it, with its rate and failures", async () => {
    await post(down, "message.validated", validatedData(up.id, down.id, { fanOut: 2 }));
    await post(down, "message.validated", validatedData(up.id, down.id, { outcome: "rejected", reasons: ["bad_signature"], fanOut: 5 }));
    const g = await graphAs(reviewer);
    expect(g.windows).toEqual({ rateMinutes: 5, lookbackHours: 24 });
    const b = g.boundaries.find((x) => x.id === boundaryId(up.id, down.id));
    expect(b).toMatchObject({ sender: up.id, receiver: down.id, state: "CLOSED", epoch: 0, pendingReviewId: null, messageRate: 0.4, failedCount: 1, incidents: [] });
    const a = g.agents.find((x) => x.id === up.id);
    expect(a).toMatchObject({ name: "Test gup", status: "active", latestFanOut: 5, maxFanOut: 5, fanOutCap: 3, fanOutViolations: 0, chainDepthViolations: 0 });
    expect(g.agents.find((x) => x.id === down.id)).toMatchObject({ latestFanOut: null, incidentCount: 0 });
  });

  it("turns the boundary OPEN with a new epoch right after the receiver reports the trip", async () => {
    await post(down, "breaker.transition", { sender: up.id, receiver: down.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "failures", failureCount: 3, anomalyRate: 0.3 });
    const b = (await graphAs(reviewer)).boundaries.find((x) => x.id === boundaryId(up.id, down.id))!;
    expect(b.state).toBe("OPEN");
    expect(b.epoch).toBe(1);
    expect(Date.parse(b.cooldownEndsAt!)).toBeGreaterThan(Date.now());
  });

  it("counts fan-out and chain-depth violations per agent, and flags incidents and the pending review on the edge", async () => {
    await post(up, "policy.violation", { rule: "fan_out", detail: "5 receivers > 3" });
    await post(up, "policy.violation", { rule: "chain_depth", detail: "depth 6 > 5" });
    await post(up, "policy.violation", { rule: "chain_depth", detail: "depth 7 > 5" });
    const id = boundaryId(up.id, down.id);
    const reviewId = `rev_${randomUUID().slice(0, 8)}`;
    const cooldownEndsAt = new Date(Date.now() + 300_000);
    await getDb().review.create({ data: { id: reviewId, boundaryId: id, epoch: 1, kind: "trip", status: "pending", evidence: "{}", cooldownEndsAt } });
    await getDb().incident.create({ data: { id: `inc_${randomUUID().slice(0, 8)}`, type: "gate_bypass", boundaryId: id, detail: "no approval" } });
    await getDb().incident.create({ data: { id: `inc_${randomUUID().slice(0, 8)}`, type: "flapping", boundaryId: id, detail: "3 trips" } });
    const g = await graphAs(reviewer);
    expect(g.agents.find((x) => x.id === up.id)).toMatchObject({ fanOutViolations: 1, chainDepthViolations: 2 });
    expect(g.agents.find((x) => x.id === down.id)).toMatchObject({ incidentCount: 2 });
    expect(g.boundaries.find((x) => x.id === id)).toMatchObject({ pendingReviewId: reviewId, cooldownEndsAt: cooldownEndsAt.toISOString(), incidents: ["gate_bypass"] });
  });
});

describe("graph API: patches for live pages", () => {
  it("GET /api/v1/graph?boundary=ID answers that boundary and its two agents with the same figures as the whole graph", async () => {
    const id = boundaryId(up.id, down.id);
    const whole = await graphAs(reviewer);
    const res = await asUser(reviewer, `/api/v1/graph?boundary=${id}`);
    const patch: TGraph = await res.json();
    expect(patch.boundaries).toEqual([whole.boundaries.find((b) => b.id === id)]);
    expect(patch.agents.map((a) => a.id).sort()).toEqual([up.id, down.id].sort());
    for (const a of patch.agents) expect(a).toEqual(whole.agents.find((w) => w.id === a.id));
    const none: TGraph = await (await asUser(reviewer, "/api/v1/graph?boundary=bnd_missing")).json();
    expect(none).toMatchObject({ agents: [], boundaries: [] });
  });
});

describe("graph API: side panels", () => {
  it("summarises a boundary with its transitions, review and incidents; 404 for an unknown one", async () => {
    const res = await asUser(reviewer, `/api/v1/graph/boundaries/${boundaryId(up.id, down.id)}`);
    expect(res.status).toBe(200);
    const { boundary } = await res.json();
    expect(boundary).toMatchObject({ state: "OPEN", messages: { total: 2, rejected: 1, sinceMinutes: 60 } });
    expect(boundary.transitions[0]).toMatchObject({ from: "CLOSED", to: "OPEN", seq: 1, applied: true });
    expect(boundary.pendingReview.id).toMatch(/^rev_/);
    expect(boundary.incidents.map((i: { type: string }) => i.type).sort()).toEqual(["flapping", "gate_bypass"]);
    expect((await asUser(reviewer, "/api/v1/graph/boundaries/bnd_nope")).status).toBe(404);
    expect((await asUser(null, `/api/v1/graph/boundaries/${boundaryId(up.id, down.id)}`)).status).toBe(401);
  });

  it("summarises an agent with its keys, caps, violations and boundaries", async () => {
    const res = await asUser(reviewer, `/api/v1/graph/agents/${up.id}`);
    const { agent } = await res.json();
    expect(agent).toMatchObject({ id: up.id, status: "active", caps: { maxDownstreamPerMessage: 3, maxChainDepth: 5 }, violations: { counts: { fan_out: 1, chain_depth: 2 } } });
    expect(agent.keys).toHaveLength(1);
    expect(agent.boundaries).toEqual([{ id: boundaryId(up.id, down.id), sender: up.id, receiver: down.id, state: "OPEN" }]);
    expect((await asUser(reviewer, "/api/v1/graph/agents/nobody-here")).status).toBe(404);
  });

  it("counts a sidecar's coalesced report of unverified messages as the refusals it stands for; a report without a count, or a cap's count (the number that broke it), as one", async () => {
    const flooded = await createTestAgent("gflood");
    for (const count of [1, 10_499, 300]) await post(flooded, "policy.violation", { rule: "unsigned_message", detail: `${count} messages refused (no_signature)`, count });
    await post(flooded, "policy.violation", { rule: "unsigned_message", detail: "one refused by an SDK agent" });
    await post(flooded, "policy.violation", { rule: "unknown_sender", detail: "2 messages refused (unknown_key)", count: 2 });
    await post(flooded, "policy.violation", { rule: "fan_out", detail: "5 receivers in one message (max_downstream_per_message 3)", count: 5 });
    await post(flooded, "policy.violation", { rule: "chain_depth", detail: "chain depth 7 (max_chain_depth 5)", count: 7 });
    const { agent } = await (await asUser(reviewer, `/api/v1/graph/agents/${flooded.id}`)).json();
    expect(agent.violations.counts).toEqual({ unsigned_message: 10_801, unknown_sender: 2, fan_out: 1, chain_depth: 1 });
    expect(agent.violations.latest[0]).toMatchObject({ rule: "chain_depth", count: 7 });
    const g = await graphAs(reviewer);
    expect(g.agents.find((x) => x.id === flooded.id)).toMatchObject({ fanOutViolations: 1, chainDepthViolations: 1 });
  });
});
