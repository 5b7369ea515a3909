import { describe, expect, inject, it } from "vitest";
import { DEFAULT_POLICY } from "../../lib/domain/policy.ts";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { setAgentStatus } from "../../lib/server/agents/set-agent-status.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { decideReview } from "../../lib/server/reviews/decide-review.ts";
import { createAgent, PolicyViolationError, silentLogger, type TAgent, type TRejectedEvent } from "../../sdk/index.ts";
import { createTestAgent } from "../factories/agents.ts";

const baseUrl = inject("baseUrl");
const bad = () => ({ ok: false, reason: "price 60 % below the median", anomalyScore: 0.9 });
const good = () => ({ ok: true, anomalyScore: 0.01 });

/** A registered agent (through the real registry) driven by the SDK against the running app. */
async function sdkAgent(prefix: string, rejected: TRejectedEvent[], keysMaxAgeMs = 500): Promise<TAgent> {
  const t = await createTestAgent(prefix);
  return createAgent({ id: t.id, privateJwk: t.privateJwk, controlPlaneUrl: baseUrl, logger: silentLogger, keysMaxAgeMs, onRejectedEvent: (e) => rejected.push(e) });
}

/**
 * A sends one message to B, B validates it, A takes the receipt. `learn: false` keeps A from learning that B
 * is OPEN (it would then hold its messages for 30 s, longer than a gate-cycle test can wait).
 */
async function exchange(a: TAgent, b: TAgent, ok: boolean, opts: { learn?: boolean } = {}) {
  const sent = await a.send([b.id], { ok }, { parents: [] });
  const r = await b.receive(sent.envelope, [ok ? good : bad]);
  if (r.receipt && opts.learn !== false) a.acknowledge(r.receipt);
  return r;
}

const reviewer = { id: "usr-sdk-reviewer", role: "reviewer", email: "sdk-reviewer@example.test" };

describe("SDK against the running app", () => {
  it("sdk: signed messages between registered agents are validated, and three failures trip A → B on the server", async () => {
    const rejected: TRejectedEvent[] = [];
    const [a, b] = [await sdkAgent("sdk-a", rejected), await sdkAgent("sdk-b", rejected)];
    expect((await exchange(a, b, true)).accepted).toBe(true);
    for (let i = 0; i < 3; i++) expect((await exchange(a, b, false)).accepted).toBe(false);
    expect(b.breaker(a.id)).toMatchObject({ state: "OPEN", epoch: 1 });
    await Promise.all([a.close(), b.close()]);
    expect(rejected).toEqual([]);
    expect(b.stats()).toMatchObject({ accepted: 5, rejected: 0, queued: 0 });
    const boundary = await getDb().boundary.findUniqueOrThrow({ where: { id: boundaryId(a.id, b.id) } });
    expect(boundary).toMatchObject({ state: "OPEN", epoch: 1, lastSeq: 1, failureCount: 3 });
    const outcomes = await getDb().messageValidation.findMany({ where: { sender: a.id, receiver: b.id }, orderBy: { id: "asc" } });
    expect(outcomes.map((v) => v.outcome)).toEqual(["accepted", "rejected", "rejected", "rejected"]);
    const jwks = (await (await fetch(`${baseUrl}/api/v1/agents/jwks`)).json()) as { keys: { sub: string }[] };
    expect(jwks.keys.map((k) => k.sub)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it("sdk: a fan-out over the cap is refused and the violation is stored; memory writes carry provenance", async () => {
    const rejected: TRejectedEvent[] = [];
    const a = await sdkAgent("sdk-fan", rejected);
    await expect(a.send(["r-one", "r-two", "r-three", "r-four"], {}, { parents: [] })).rejects.toThrow(PolicyViolationError);
    const recordId = await a.memory.write("feed/acme", { price: 48 }, { derivedFrom: ["msg-upstream-1"] });
    await a.close();
    expect(rejected).toEqual([]);
    expect(await getDb().policyViolation.findMany({ where: { agentId: a.id } })).toMatchObject([{ rule: "fan_out", count: 4 }]);
    expect(await getDb().memoryRecord.findUnique({ where: { recordId } })).toMatchObject({ partition: a.id });
  });

  it("sdk: a revoked key's messages are refused within a second", async () => {
    const rejected: TRejectedEvent[] = [];
    const [a, b] = [await sdkAgent("sdk-rev-a", rejected), await sdkAgent("sdk-rev-b", rejected)];
    expect((await exchange(a, b, true)).accepted).toBe(true);
    const { kid } = await getDb().agentKey.findFirstOrThrow({ where: { agentId: a.id } });
    await revokeKey({ kid, actor: "test" });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await b.receive((await a.send([b.id], {}, { parents: [] })).envelope)).toMatchObject({ accepted: false, reasons: ["unknown_key"] });
    await Promise.all([a.close(), b.close()]);
  });

  it("sdk: a suspended agent's messages are refused once the agent_suspended directive arrives, though the key set is cached for an hour", async () => {
    const rejected: TRejectedEvent[] = [];
    const [a, b] = [await sdkAgent("sdk-sus-a", rejected), await sdkAgent("sdk-sus-b", rejected, 3_600_000)];
    expect((await exchange(a, b, true)).accepted).toBe(true);
    await setAgentStatus({ id: a.id, status: "suspended", actor: "test" });
    const { directives } = await b.pollDirectives();
    expect(directives).toContainEqual({ type: "agent_suspended", agentId: a.id });
    expect(await b.receive((await a.send([b.id], {}, { parents: [] })).envelope)).toMatchObject({ accepted: false, reasons: ["unknown_key"] });
    await Promise.all([a.close(), b.close()]);
  });

  it("sdk: trip → review → approve → probe fails and re-trips → approve → probe passes → CLOSED", async () => {
    // A short cooldown so the cycle fits a test; the server caches the policy for 2 s.
    const policy = structuredClone(DEFAULT_POLICY);
    policy.breaker.reset_timeout_s = 1;
    policy.fan_out.cooldown_after_trip_s = 1;
    const top = await getDb().policyVersion.findFirst({ orderBy: { version: "desc" } });
    await getDb().policyVersion.create({ data: { version: (top?.version ?? 0) + 1, document: JSON.stringify(policy), createdBy: "test" } });
    await new Promise((r) => setTimeout(r, 2_100));
    try {
      await gateCycle();
    } finally {
      // Later tests expect the usual cooldown: put the previous policy back (and outlive the 2 s cache).
      const restored = top?.document ?? JSON.stringify(DEFAULT_POLICY);
      await getDb().policyVersion.create({ data: { version: (top?.version ?? 0) + 2, document: restored, createdBy: "test" } });
      await new Promise((r) => setTimeout(r, 2_100));
    }
  });
});

/** The gate cycle of the test above, on the short-cooldown policy. */
async function gateCycle() {
  const rejected: TRejectedEvent[] = [];
  const [a, b] = [await sdkAgent("sdk-cyc-a", rejected), await sdkAgent("sdk-cyc-b", rejected)];
  await b.refreshPolicy();
  const id = boundaryId(a.id, b.id);
  const approve = async () => {
    await b.flush();
    const review = await getDb().review.findFirstOrThrow({ where: { boundaryId: id, status: "pending" }, orderBy: { createdAt: "desc" } });
    const decided = await decideReview({ reviewId: review.id, user: reviewer, decision: "approve", comment: "probe again" });
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(decided.grant!.notBefore) - Date.now() + 100))); // the cooldown
    await b.pollDirectives();
  };
  for (let i = 0; i < 3; i++) await exchange(a, b, false, { learn: false });
  await approve();
  expect(b.breaker(a.id).state).toBe("HALF_OPEN");
  expect((await exchange(a, b, false, { learn: false })).accepted).toBe(false);
  expect(b.breaker(a.id)).toMatchObject({ state: "OPEN", epoch: 2 });
  await approve();
  expect((await exchange(a, b, true, { learn: false })).accepted).toBe(true);
  expect(b.breaker(a.id).state).toBe("CLOSED");
  await Promise.all([a.close(), b.close()]);
  expect(rejected).toEqual([]);
  const transitions = await getDb().breakerTransition.findMany({ where: { boundaryId: id }, orderBy: { seq: "asc" } });
  expect(transitions.map((t) => `${t.fromState}>${t.toState}`)).toEqual(["CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED"]);
  expect(await getDb().boundary.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "CLOSED", epoch: 2 });
  expect(await getDb().incident.findMany({ where: { boundaryId: id } })).toEqual([]);
  expect((await getDb().review.findMany({ where: { boundaryId: id }, orderBy: { epoch: "asc" } })).map((r) => [r.epoch, r.status, r.usedAt !== null]))
    .toEqual([[1, "approved", true], [2, "approved", true]]);
}
