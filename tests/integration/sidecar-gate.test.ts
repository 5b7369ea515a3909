import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import type { TValidator } from "../../sdk/index.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";
import { keepPolicy, pendingReview, policyReached, savePolicy, until } from "../support/sidecar-policy.ts";

const controlPlane = inject("baseUrl");
let admin: TestSession, reviewer: TestSession, security: TestSession;
let restore: () => Promise<unknown>;
let version: number;

/** X's check of the prices Y answers with: a negative price is poison. */
const priceCheck: TValidator = (m) => {
  const price = (m.body as { result?: { message?: { parts?: { data?: { price?: number } }[] } } }).result?.message?.parts?.[0]?.data?.price;
  return typeof price === "number" && price < 0 ? { ok: false, reason: `price ${price} is negative`, anomalyScore: 0.9 } : { ok: true, anomalyScore: 0 };
};

type TPair = { x: TestAgent; y: TestAgent; agentY: TA2aAgent; sideX: TRunningSidecar; sideY: TRunningSidecar; state: { poison: boolean; hold?: Promise<void> } };

async function pair(prefix: string): Promise<TPair> {
  const [x, y] = [await createTestAgent(`${prefix}-x`), await createTestAgent(`${prefix}-y`)];
  const state: TPair["state"] = { poison: false };
  const agentY = await startA2aAgent(prefix, async () => (await state.hold, { data: { price: state.poison ? -5 : 10 } }));
  const sideY = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url });
  const sideX = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [y.id]: sideY.inboundUrl }, validatorsFor: (s) => (s === y.id ? [priceCheck] : []) });
  await policyReached(version, sideX, sideY);
  return { x, y, agentY, sideX, sideY, state };
}
/** Trips X's breaker on Y with three poisoned answers, has a reviewer approve, and waits for HALF_OPEN. */
async function tripAndApprove(p: TPair): Promise<void> {
  p.state.poison = true;
  for (let i = 0; i < 3; i++) expect((await call(p)).status).toBe(422);
  p.state.poison = false;
  expect(p.sideX.core.ctx.breakers.state(p.y.id).state).toBe("OPEN");
  await p.sideX.core.ctx.reporter.flush();
  const reviewId = await pendingReview(reviewer, boundaryId(p.y.id, p.x.id));
  const decided = await asUser(reviewer, `/api/v1/reviews/${reviewId}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", comment: "try again" }) });
  expect(decided.status).toBe(200);
  await until("HALF_OPEN", () => p.sideX.core.ctx.breakers.state(p.y.id).state === "HALF_OPEN");
}

const closePair = (p: TPair) => Promise.all([p.sideX.close(), p.sideY.close(), p.agentY.close()]);

let n = 0;
/** One SendMessage from X's agent to Y, as the agent sends it: a plain JSON-RPC POST to X's outbound port. */
function call(p: TPair, contextId = "") {
  const body = JSON.stringify({ jsonrpc: "2.0", id: ++n, method: "SendMessage", params: { message: { messageId: `m-${n}`, contextId, role: "ROLE_USER", parts: [{ data: { sku: "bolt" } }] } } });
  return fetch(`${p.sideX.outboundUrl}/peers/${p.y.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" }, body });
}
type TRefusal = { error: { code: number; data: { firebreak: { reason: string; boundary?: { sender: string; receiver: string } } } } };
const refusal = async (res: Response) => ((await res.json()) as TRefusal).error.data.firebreak;

beforeAll(async () => {
  [admin, reviewer, security] = await Promise.all([sessionAs("admin"), sessionAs("reviewer"), sessionAs("security")]);
  const kept = await keepPolicy(admin);
  restore = kept.restore;
  const policy = kept.policy;
  policy.breaker = { ...policy.breaker, failure_threshold: 3, reset_timeout_s: 1, half_open_max_probes: 2, required_approvals: 1 };
  policy.fan_out = { ...policy.fan_out, cooldown_after_trip_s: 1, max_messages_per_agent_per_cycle: 1000, max_concurrent_fan_out: 10 };
  version = await savePolicy(admin, policy);
});
afterAll(() => restore?.());

describe("sidecar: the breaker and the human gate on real A2A traffic", () => {
  it("poisoned answers trip the caller's breaker; while OPEN calls get 503 + Retry-After and are not sent; an approval lets exactly half_open_max_probes probes through, then CLOSED", async () => {
    const p = await pair("scg");
    try {
      expect((await call(p)).status).toBe(200);
      p.state.poison = true;
      for (let i = 0; i < 3; i++) {
        const res = await call(p);
        expect(res.status).toBe(422);
        expect(await refusal(res)).toMatchObject({ reason: "validation_failed", boundary: { sender: p.y.id, receiver: p.x.id } });
      }
      expect(p.sideX.core.ctx.breakers.state(p.y.id).state).toBe("OPEN");
      const sent = p.agentY.received.length;
      const open = await call(p);
      expect(open.status).toBe(503);
      expect(Number(open.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await refusal(open)).toMatchObject({ reason: "circuit_open", boundary: { sender: p.y.id, receiver: p.x.id } });
      expect(p.agentY.received.length).toBe(sent);

      await p.sideX.core.ctx.reporter.flush();
      const id = boundaryId(p.y.id, p.x.id);
      const reviewId = await pendingReview(reviewer, id);
      const decided = await asUser(reviewer, `/api/v1/reviews/${reviewId}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", comment: "feed fixed" }) });
      expect(decided.status).toBe(200);
      await until("HALF_OPEN", () => p.sideX.core.ctx.breakers.state(p.y.id).state === "HALF_OPEN");

      p.state.poison = false;
      let release!: () => void;
      p.state.hold = new Promise<void>((r) => (release = r));
      const first = [call(p), call(p)];
      await until("both probes reach the agent", () => p.agentY.received.length === sent + 2);
      const third = await call(p);
      expect(third.status).toBe(503);
      expect((await refusal(third)).reason).toBe("circuit_open");
      release();
      expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
      expect(p.agentY.received.length).toBe(sent + 2);
      expect(p.sideX.core.ctx.breakers.state(p.y.id).state).toBe("CLOSED");
      expect((await call(p)).status).toBe(200);

      await p.sideX.core.ctx.reporter.flush();
      const transitions = await getDb().breakerTransition.findMany({ where: { boundaryId: id }, orderBy: { seq: "asc" } });
      expect(transitions.map((t) => `${t.fromState}>${t.toState}`)).toEqual(["CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED"]);
      expect(await getDb().incident.findMany({ where: { boundaryId: id } })).toEqual([]);
    } finally {
      await closePair(p);
    }
  });

  it("force-open by security closes the door at once: the receiver's sidecar refuses with 503 circuit_open and the agent sees nothing", async () => {
    const p = await pair("scf");
    try {
      expect((await call(p)).status).toBe(200);
      await Promise.all([p.sideX.core.ctx.reporter.flush(), p.sideY.core.ctx.reporter.flush()]);
      const id = boundaryId(p.x.id, p.y.id);
      await until("the boundary exists", async () => (await getDb().boundary.findUnique({ where: { id } })) !== null);
      const forced = await asUser(security, `/api/v1/boundaries/${id}/force-open`, { method: "POST", body: JSON.stringify({ reason: "exfiltration suspected" }) });
      expect(forced.status).toBe(200);
      await until("Y's breaker on X is OPEN", () => p.sideY.core.ctx.breakers.state(p.x.id).state === "OPEN");
      const sent = p.agentY.received.length;
      const res = await call(p);
      expect(res.status).toBe(503);
      expect(await refusal(res)).toMatchObject({ reason: "circuit_open", boundary: { sender: p.x.id, receiver: p.y.id } });
      expect(p.agentY.received.length).toBe(sent);
    } finally {
      await closePair(p);
    }
  });

  it("a policy change applies at once: a lower per-cycle cap refuses the next message with 503 rate, reported as a violation", async () => {
    const p = await pair("scp");
    const kept = await keepPolicy(admin);
    try {
      const tight = structuredClone(kept.policy);
      tight.fan_out = { ...tight.fan_out, max_messages_per_agent_per_cycle: 2, cycle_s: 3600 };
      const v = await savePolicy(admin, tight);
      await policyReached(v, p.sideX);
      expect((await call(p)).status).toBe(200);
      expect((await call(p)).status).toBe(200);
      const res = await call(p);
      expect(res.status).toBe(503);
      expect((await refusal(res)).reason).toBe("rate");
      await p.sideX.core.ctx.reporter.flush();
      expect(await getDb().policyViolation.findMany({ where: { agentId: p.x.id } })).toMatchObject([{ rule: "rate", count: 3 }]);
    } finally {
      await savePolicy(admin, kept.policy);
      await closePair(p);
    }
  });
  it("a probe the peer's Firebreak refuses (its agent is down) has failed: the breaker trips again at the next epoch, no probe left hanging", async () => {
    const p = await pair("scd");
    try {
      expect((await call(p)).status).toBe(200);
      await tripAndApprove(p);
      const epoch = p.sideX.core.ctx.breakers.state(p.y.id).epoch;
      await p.agentY.close();
      const probe = await call(p);
      expect(probe.status).toBe(502);
      expect(await refusal(probe)).toMatchObject({ reason: "peer_unreachable" });
      const after = p.sideX.core.ctx.breakers.state(p.y.id);
      expect({ state: after.state, epoch: after.epoch, probesInFlight: after.probesInFlight }).toEqual({ state: "OPEN", epoch: epoch + 1, probesInFlight: 0 });
    } finally {
      await closePair(p);
    }
  });

  it("an answer to a request sent while CLOSED that arrives after the breaker tripped is refused, not delivered", async () => {
    const p = await pair("scl");
    try {
      let release!: () => void;
      p.state.hold = new Promise<void>((r) => (release = r));
      const slow = call(p);
      await until("the slow request reaches Y", () => p.agentY.received.length === 1);
      p.state.hold = undefined;
      p.state.poison = true;
      for (let i = 0; i < 3; i++) expect((await call(p)).status).toBe(422);
      expect(p.sideX.core.ctx.breakers.state(p.y.id).state).toBe("OPEN");
      p.state.poison = false;
      release();
      const late = await slow;
      expect(late.status).toBe(503);
      expect(await refusal(late)).toMatchObject({ reason: "circuit_open", boundary: { sender: p.y.id, receiver: p.x.id } });
    } finally {
      await closePair(p);
    }
  });
});
