import { randomUUID } from "node:crypto";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { generateEd25519Jwk } from "../../lib/server/keys/jwk.ts";
import { cloudEvent, createTestAgent, signAs } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let admin: TestSession;
let security: TestSession;
beforeAll(async () => {
  admin = await sessionAs("admin");
  security = await sessionAs("security");
});

const post = (s: TestSession, path: string, body: unknown) => asUser(s, path, { method: "POST", body: JSON.stringify(body) });
const newId = () => `api-${randomUUID().slice(0, 8)}`;
const auditOf = (agentId: string) => getDb().auditEntry.findMany({ where: { subject: `agent:${agentId}` }, orderBy: { seq: "asc" } });

/** Posts one signed event as the agent and returns its per-event status (or error code). */
async function report(agent: { id: string; kid: string; key: CryptoKey }) {
  const jws = await signAs(agent, cloudEvent(agent, "policy.violation", { rule: "rate", detail: "probe" }));
  const r = (await postEvents([jws])).body.results[0];
  return r.status === "rejected" ? r.error.code : r.status;
}

describe("agents API: register", () => {
  it("the new agent's private key comes back once, is never stored, and signs events that are accepted", async () => {
    const id = newId();
    const res = await post(admin, "/api/v1/agents", { id, name: "Price monitor" });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body.privateJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: body.agent.kid, d: expect.any(String) });
    const row = await getDb().agentKey.findUnique({ where: { kid: body.agent.kid } });
    expect(row!.publicJwk).not.toContain(body.privateJwk.d);
    expect(JSON.parse(row!.publicJwk)).not.toHaveProperty("d");
    expect(JSON.stringify(await (await asUser(admin, "/api/v1/agents")).json())).not.toContain(body.privateJwk.d);
    const key = (await importJWK(body.privateJwk as JWK, "EdDSA")) as CryptoKey;
    expect(await report({ id, kid: body.agent.kid, key })).toBe("accepted");
    expect((await auditOf(id)).map((a) => [a.action, a.actor])).toEqual([["agent.registered", `user:${admin.email}`]]);
  });

  it("a taken id is a 409 conflict and a malformed id a 422 naming the id field", async () => {
    const agent = await createTestAgent("taken");
    expect((await post(admin, "/api/v1/agents", { id: agent.id, name: "again" })).status).toBe(409);
    const bad = await post(admin, "/api/v1/agents", { id: "Not An Id!", name: "x" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).problems.map((p: { path: string }) => p.path)).toContain("id");
  });
});

describe("agents API: keys", () => {
  it("a pasted public JWK becomes a second key; events signed with it are accepted", async () => {
    const agent = await createTestAgent("rotate");
    const pair = await generateEd25519Jwk();
    const res = await post(admin, `/api/v1/agents/${agent.id}/keys`, { publicJwk: { kty: "OKP", crv: "Ed25519", x: pair.publicJwk.x } });
    expect(res.status).toBe(201);
    expect((await res.json()).kid).toBe(pair.publicJwk.kid);
    const key = (await importJWK(pair.privateJwk as JWK, "EdDSA")) as CryptoKey;
    expect(await report({ id: agent.id, kid: pair.publicJwk.kid, key })).toBe("accepted");
    expect((await auditOf(agent.id)).at(-1)!.action).toBe("agent.key_added");
  });

  it("a pasted private key, a non-Ed25519 key, an unknown agent and a key already registered are refused", async () => {
    const agent = await createTestAgent("badkey");
    const pair = await generateEd25519Jwk();
    expect((await post(admin, `/api/v1/agents/${agent.id}/keys`, { publicJwk: pair.privateJwk })).status).toBe(422);
    expect((await post(admin, `/api/v1/agents/${agent.id}/keys`, { publicJwk: { kty: "RSA", n: "abc", e: "AQAB" } })).status).toBe(422);
    expect((await post(admin, `/api/v1/agents/nobody-${randomUUID().slice(0, 6)}/keys`, { publicJwk: pair.publicJwk })).status).toBe(404);
    expect((await post(admin, `/api/v1/agents/${agent.id}/keys`, { publicJwk: { kty: "OKP", crv: "Ed25519", x: agent.privateJwk.x } })).status).toBe(409);
  });

  it("a small-order public key, for which anyone could forge signatures, is refused with a reason", async () => {
    const identity = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]).toString("base64url");
    const agent = await createTestAgent("smallorder");
    const added = await post(admin, `/api/v1/agents/${agent.id}/keys`, { publicJwk: { kty: "OKP", crv: "Ed25519", x: identity } });
    expect(added.status).toBe(422);
    expect((await added.json()).detail).toMatch(/small-order/);
    expect(await getDb().agentKey.count({ where: { agentId: agent.id } })).toBe(1); // its first key only
    const id = `smallorder-${randomUUID().slice(0, 6)}`;
    const registered = await post(admin, "/api/v1/agents", { id, name: "Small order", publicJwk: { kty: "OKP", crv: "Ed25519", x: identity } });
    expect(registered.status).toBe(422);
    expect(await getDb().agent.count({ where: { id } })).toBe(0);
  });

  it("security revokes a key: its events are refused from then on, and a second revoke is a 409", async () => {
    const agent = await createTestAgent("revoked");
    expect(await report(agent)).toBe("accepted");
    expect((await post(security, `/api/v1/agents/keys/${agent.kid}/revoke`, {})).status).toBe(200);
    expect(await report(agent)).toBe("revoked_key");
    expect((await post(security, `/api/v1/agents/keys/${agent.kid}/revoke`, {})).status).toBe(409);
    expect((await auditOf(agent.id)).at(-1)).toMatchObject({ action: "agent.key_revoked", actor: `user:${security.email}` });
  });
});

describe("agents API: suspend and resume", () => {
  it("security suspends an agent (its events are refused) and resumes it (accepted again), both audited", async () => {
    const agent = await createTestAgent("paused");
    expect((await post(security, `/api/v1/agents/${agent.id}/status`, { status: "suspended" })).status).toBe(200);
    expect(await report(agent)).toBe("agent_suspended");
    expect((await post(security, `/api/v1/agents/${agent.id}/status`, { status: "active" })).status).toBe(200);
    expect(await report(agent)).toBe("accepted");
    expect((await auditOf(agent.id)).slice(-2).map((a) => a.action)).toEqual(["agent.suspended", "agent.resumed"]);
    expect((await post(security, `/api/v1/agents/${agent.id}/status`, { status: "deleted" })).status).toBe(422);
  });

  it("refuses a cross-site text/plain form post, a foreign Origin and a cross-site fetch, even from an admin", async () => {
    const agent = await createTestAgent("csrf");
    const path = `/api/v1/agents/${agent.id}/status`;
    const body = JSON.stringify({ status: "suspended" });
    expect((await asUser(admin, path, { method: "POST", body, headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await asUser(admin, path, { method: "POST", body, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await asUser(admin, path, { method: "POST", body, headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await getDb().agent.findUnique({ where: { id: agent.id } }))?.status).toBe("active");
  });
});
