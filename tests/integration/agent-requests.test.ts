import { beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_POLICY } from "../../lib/domain/policy.ts";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { forceOpenBoundary } from "../../lib/server/breakers/force-open-boundary.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { getPolicyVersion } from "../../lib/server/policy/get-policy-version.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { agentGet, agentToken, fetchDirectives, verifyControlPlane } from "../factories/agent-requests.ts";
import { boundaryRow, createTestBoundary, reviewsOf } from "../factories/breaker.ts";

let agent: TestAgent;
let other: TestAgent;
const directivesOf = (a: TestAgent) => `/api/v1/agents/${a.id}/directives`;
const admin = { id: "usr-admin-test", role: "admin", email: "admin@example.test" };

beforeAll(async () => {
  agent = await createTestAgent("req");
  other = await createTestAgent("req-other");
});

async function refusal(res: Response) {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  return (await res.json()) as { code: string; detail: string };
}

describe("agent requests: a signed Bearer token, used once, by the agent itself", () => {
  it("answers the agent's directives as a control-plane JWS (fb-directives+jws)", async () => {
    const res = await agentGet(agent, directivesOf(agent));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/jose");
    const feed = await verifyControlPlane<{ directives: unknown[]; cursor: string }>(await res.text(), "fb-directives+jws");
    expect(feed).toEqual({ directives: [], cursor: "0" });
  });

  it("refuses a request without a token, with a malformed one, or with another typ", async () => {
    expect((await refusal(await fetch(`${inject("baseUrl")}${directivesOf(agent)}`))).code).toBe("unauthenticated");
    await refusal(await agentGet(agent, directivesOf(agent), "not-a-jws"));
    const detail = (await refusal(await agentGet(agent, directivesOf(agent), await agentToken(agent, {}, { typ: "fb-event+jws" })))).detail;
    expect(detail).toMatch(/typ/);
  });

  it("refuses a replayed jti: the same token works once", async () => {
    const token = await agentToken(agent);
    expect((await agentGet(agent, directivesOf(agent), token)).status).toBe(200);
    expect((await refusal(await agentGet(agent, directivesOf(agent), token))).detail).toMatch(/already used/);
  });

  it("the same token for any replica sent many times at once (one group commit) is served once", async () => {
    const token = await agentToken(agent);
    const answers = await Promise.all(Array.from({ length: 8 }, () => agentGet(agent, directivesOf(agent), token)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
  });

  it("a long poll addressed to the replica that answered works once, a replay is refused, and neither writes a UsedJti row", async () => {
    const replica = (await agentGet(agent, directivesOf(agent))).headers.get("firebreak-replica");
    expect(replica).toMatch(/^firebreak:replica:[0-9a-f-]{36}$/);
    const rows = () => getDb().usedJti.count({ where: { agentId: agent.id } });
    const before = await rows();
    const token = await agentToken(agent, { aud: ["firebreak", replica] });
    const held = await agentGet(agent, `${directivesOf(agent)}?wait=1`, token);
    expect(held.status).toBe(200);
    expect(held.headers.get("firebreak-replica")).toBe(replica);
    expect((await refusal(await agentGet(agent, `${directivesOf(agent)}?wait=1`, token))).detail).toMatch(/already used/);
    expect(await rows()).toBe(before);
  });

  it("a token addressed to another replica (or to this one before a restart) is answered 421 and never served", async () => {
    const elsewhere = await agentToken(agent, { aud: ["firebreak", "firebreak:replica:00000000-0000-4000-8000-000000000000"] });
    const res = await agentGet(agent, directivesOf(agent), elsewhere);
    expect(res.status).toBe(421);
    expect(await res.json()).toMatchObject({ code: "misdirected", status: 421 });
    expect((await agentGet(agent, directivesOf(agent), elsewhere)).status).toBe(421);
    // Naming only a replica, without "firebreak", is a wrong audience.
    await refusal(await agentGet(agent, directivesOf(agent), await agentToken(agent, { aud: "firebreak:replica:00000000-0000-4000-8000-000000000000" })));
  });

  it("refuses exp more than 60 s after iat, an expired token and a wrong audience", async () => {
    const iat = Math.floor(Date.now() / 1000);
    expect((await refusal(await agentGet(agent, directivesOf(agent), await agentToken(agent, { iat, exp: iat + 61 })))).detail).toMatch(/60 s/);
    await refusal(await agentGet(agent, directivesOf(agent), await agentToken(agent, { iat: iat - 120, exp: iat - 70 })));
    await refusal(await agentGet(agent, directivesOf(agent), await agentToken(agent, { aud: "someone-else" })));
  });

  it("refuses another agent's directives, and a sub that does not own the key", async () => {
    expect((await refusal(await agentGet(agent, directivesOf(other)))).detail).toMatch(/not/);
    await refusal(await agentGet(agent, directivesOf(other), await agentToken(agent, { sub: other.id })));
  });

  it("refuses a revoked key", async () => {
    const gone = await createTestAgent("req-gone");
    await revokeKey({ kid: gone.kid, actor: "test" });
    expect((await refusal(await agentGet(gone, directivesOf(gone)))).detail).toMatch(/revoked/);
  });
});

describe("agent requests: directives and policy", () => {
  it("a force-open sends the receiver a force_open directive, queues a review, and the agent's report of it starts no other epoch", async () => {
    const b = await createTestBoundary("force");
    await b.validate(["accepted"]);
    const forced = await forceOpenBoundary({ boundaryId: b.id, reason: "sender leaking secrets", user: { id: "usr-sec", role: "security", email: "sec@example.test" } });
    expect(forced.epoch).toBe(1);
    const { directives } = await fetchDirectives(b.receiver);
    expect(directives).toMatchObject([{ type: "force_open", reason: "sender leaking secrets", boundary: { sender: b.sender.id, receiver: b.receiver.id } }]);
    expect((await reviewsOf(b.id)).map((r) => [r.kind, r.status, r.epoch])).toEqual([["force_open", "pending", 1]]);
    await b.report("CLOSED", "OPEN", { reason: "force_open" });
    expect(await boundaryRow(b.id)).toMatchObject({ state: "OPEN", epoch: 1 });
    expect(await reviewsOf(b.id)).toHaveLength(1);
  });

  it("a reviewer may not force a boundary open", async () => {
    const b = await createTestBoundary("force");
    await b.validate(["accepted"]);
    await expect(forceOpenBoundary({ boundaryId: b.id, reason: "x", user: { id: "usr-r", role: "reviewer", email: "r@example.test" } }))
      .rejects.toMatchObject({ code: "forbidden" });
  });

  it("pages through directives with the cursor", async () => {
    const a = await createTestAgent("req-page");
    const before = await fetchDirectives(a);
    await updatePolicy({ document: { ...structuredClone(DEFAULT_POLICY), fan_out: { ...DEFAULT_POLICY.fan_out, max_messages_per_agent_per_cycle: 21 } }, user: admin });
    const first = await fetchDirectives(a, before.cursor);
    expect(first.directives.map((d) => d.type)).toEqual(["policy_updated"]);
    expect((await fetchDirectives(a, first.cursor)).directives).toEqual([]);
    const res = await agentGet(a, `/api/v1/agents/${a.id}/directives?after=${encodeURIComponent("nope")}`);
    expect(res.status).toBe(400);
  });

  it("answers the current policy and its version as a control-plane JWS (fb-policy+jws); an invalid update is refused", async () => {
    const res = await agentGet(agent, "/api/v1/policy");
    expect(res.status).toBe(200);
    const body = await verifyControlPlane<{ version: number; policy: typeof DEFAULT_POLICY }>(await res.text(), "fb-policy+jws");
    // The document is the one stored as that version, and no version is newer than the newest stored one.
    // (Other suites store policies of their own meanwhile: comparing with the current one would race them.)
    expect(body.version).toBeGreaterThanOrEqual(1);
    expect(body.policy).toEqual((await getPolicyVersion({ version: body.version })).policy);
    expect(body.version).toBeLessThanOrEqual((await getCurrentPolicy({ fresh: true })).version);
    await expect(updatePolicy({ document: { ...DEFAULT_POLICY, breaker: { ...DEFAULT_POLICY.breaker, failure_threshold: 0 } }, user: admin }))
      .rejects.toMatchObject({ code: "invalid", extra: { problems: [expect.objectContaining({ path: "breaker.failure_threshold" })] } });
    await expect(updatePolicy({ document: DEFAULT_POLICY, user: { ...admin, role: "security" } })).rejects.toMatchObject({ code: "forbidden" });
    expect((await agentGet(agent, "/api/v1/policy", "x")).status).toBe(401);
  });
});
