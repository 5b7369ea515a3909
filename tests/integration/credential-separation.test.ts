import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { asUser, sessionAs } from "../factories/session.ts";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("separation: a browser session is no agent identity", () => {
  it("an admin's session cookie does not make unsigned or alg:none events acceptable, and none is stored", async () => {
    const admin = await sessionAs("admin");
    const agent = await createTestAgent("unsigned");
    const event = cloudEvent(agent, "policy.violation", { rule: "rate", detail: "from a browser" });
    const unsecured = `${b64({ alg: "none", kid: agent.kid, typ: "fb-event+jws" })}.${b64(event)}.`;
    const res = await postEvents([JSON.stringify(event), unsecured], { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(207);
    expect(res.body.accepted).toBe(0);
    expect(res.body.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(["malformed_jws", "alg_not_allowed"]);
    expect(await getDb().event.count({ where: { source: agent.id } })).toBe(0);
  });

  it("the JWKS endpoints answer the same public keys with or without a session, and take no writes", async () => {
    const admin = await sessionAs("admin");
    for (const path of ["/api/v1/agents/jwks", "/.well-known/jwks.json"]) {
      const anonymous = await (await asUser(null, path)).json();
      const withSession = await (await asUser(admin, path)).json();
      expect(withSession).toEqual(anonymous);
      expect((await asUser(admin, path, { method: "POST", body: "{}" })).status).toBe(405);
    }
  });
});

describe("separation: an agent signature is no browser session", () => {
  it("a valid agent Bearer JWS does not open the people's API: 401 everywhere", async () => {
    const agent = await createTestAgent("bearer");
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: agent.id, aud: "firebreak", iat: now, exp: now + 60, jti: randomUUID() };
    const bearer = { authorization: `Bearer ${await signAs(agent, claims, { typ: "fb-request+jwt" })}` };
    expect((await asUser(null, "/api/v1/users", { headers: bearer })).status).toBe(401);
    expect((await asUser(null, "/api/v1/me", { headers: bearer })).status).toBe(401);
    const post = await asUser(null, `/api/v1/agents/${agent.id}/status`, { method: "POST", headers: bearer, body: JSON.stringify({ status: "suspended" }) });
    expect(post.status).toBe(401);
    expect((await getDb().agent.findUnique({ where: { id: agent.id } }))?.status).toBe("active");
  });
});
