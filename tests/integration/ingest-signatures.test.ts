import { randomUUID } from "node:crypto";
import { CompactSign, SignJWT, calculateJwkThumbprint, generateKeyPair } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { setAgentStatus } from "../../lib/server/agents/set-agent-status.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";

let a: TestAgent;
let b: TestAgent;

beforeAll(async () => {
  a = await createTestAgent("sender");
  b = await createTestAgent("receiver");
});

const validated = (from: TestAgent, to: TestAgent) => cloudEvent(to, "message.validated", validatedData(from.id, to.id));

async function one(jws: string) {
  const res = await postEvents([jws]);
  expect(res.status).toBe(207);
  return res.body.results[0];
}

async function isStored(source: string, id: string) {
  return (await getDb().event.count({ where: { source, eventId: id } })) === 1;
}

describe("ingest: signatures and keys", () => {
  it("accepts a well-signed event and stores the compact JWS verbatim", async () => {
    const e = validated(a, b);
    const jws = await signAs(b, e);
    expect(await one(jws)).toEqual({ index: 0, id: e.id, status: "accepted" });
    const row = await getDb().event.findUniqueOrThrow({ where: { source_eventId: { source: b.id, eventId: e.id } } });
    expect(row.jws).toBe(jws);
    expect(row.kid).toBe(b.kid);
  });

  it("refuses alg none, HS256 and RS256 as alg_not_allowed and stores nothing", async () => {
    const e = validated(a, b);
    const payload = Buffer.from(JSON.stringify(e)).toString("base64url");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: b.kid, typ: "fb-event+jws" })).toString("base64url")}.${payload}.`;
    const hs = await new SignJWT(e as never).setProtectedHeader({ alg: "HS256", kid: b.kid, typ: "fb-event+jws" }).sign(new TextEncoder().encode("a-shared-secret-that-is-long-enough"));
    const { privateKey } = await generateKeyPair("RS256");
    const rs = await new CompactSign(new TextEncoder().encode(JSON.stringify(e))).setProtectedHeader({ alg: "RS256", kid: b.kid, typ: "fb-event+jws" }).sign(privateKey);
    const res = await postEvents([none, hs, rs]);
    expect(res.body.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(["alg_not_allowed", "alg_not_allowed", "alg_not_allowed"]);
    expect(await isStored(b.id, e.id)).toBe(false);
  });

  it("refuses a missing kid and an unknown kid as unknown_key", async () => {
    const e = validated(a, b);
    const noKid = await signAs(b, e, { kid: undefined });
    const wrongKid = await signAs(b, e, { kid: "not-a-registered-kid" });
    const res = await postEvents([noKid, wrongKid]);
    expect(res.body.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(["unknown_key", "unknown_key"]);
  });

  it("ignores a key carried in the header: an attacker's jwk does not make its signature valid", async () => {
    const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
    const { exportJWK } = await import("jose");
    const e = validated(a, b);
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(e)))
      .setProtectedHeader({ alg: "EdDSA", kid: b.kid, typ: "fb-event+jws", jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    expect((await one(forged)).error.code).toBe("bad_signature");
  });

  it("never uses a small-order key stored before registration refused them: the forgery that fits every message is refused", async () => {
    // With the identity point as A, R = identity and S = 0 satisfy the verification equation for every message.
    const identity = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]);
    const jwk = { kty: "OKP", crv: "Ed25519", x: identity.toString("base64url") };
    const kid = await calculateJwkThumbprint(jwk, "sha256");
    const id = `weak-${randomUUID().slice(0, 8)}`;
    await getDb().agent.create({ data: { id, name: "Weak key", keys: { create: { kid, publicJwk: JSON.stringify({ ...jwk, kid }) } } } });
    const header = Buffer.from(JSON.stringify({ alg: "EdDSA", kid, typ: "fb-event+jws" })).toString("base64url");
    const forged = Buffer.concat([identity, Buffer.alloc(32)]).toString("base64url");
    const events = Array.from({ length: 12 }, () => cloudEvent({ id }, "message.validated", validatedData(a.id, id)));
    const res = await postEvents(events.map((e) => `${header}.${Buffer.from(JSON.stringify(e)).toString("base64url")}.${forged}`));
    expect(res.body.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(events.map(() => "unknown_key"));
    expect(await getDb().event.count({ where: { source: id } })).toBe(0);
    const jwks = await (await fetch(`${inject("baseUrl")}/api/v1/agents/jwks`)).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).not.toContain(kid); // agents would accept its forgeries too
  });

  it("refuses a tampered payload as bad_signature", async () => {
    const jws = await signAs(b, validated(a, b));
    const [h, p, s] = jws.split(".");
    const tampered = JSON.parse(Buffer.from(p, "base64url").toString());
    tampered.data.outcome = "rejected";
    const r = await one(`${h}.${Buffer.from(JSON.stringify(tampered)).toString("base64url")}.${s}`);
    expect(r.error.code).toBe("bad_signature");
    expect(await isStored(b.id, tampered.id)).toBe(false);
  });

  it("refuses a wrong typ so a message or request cannot pass for an event", async () => {
    for (const typ of ["fb-message+jws", "fb-request+jwt", "JWT"]) {
      expect((await one(await signAs(b, validated(a, b), { typ }))).error.code).toBe("wrong_typ");
    }
  });

  it("refuses garbage as malformed_jws", async () => {
    const res = await postEvents(["", "abc", "a.b", "!!!.???.***", "a.b.c.d"]);
    expect(res.body.results.every((r: { error: { code: string } }) => r.error.code === "malformed_jws")).toBe(true);
    expect(res.body.rejected).toBe(5);
  });

  it("refuses an event whose source is not the key's owner as source_mismatch", async () => {
    const e = cloudEvent(b, "message.validated", validatedData(a.id, b.id), { source: a.id });
    const r = await one(await signAs(b, e));
    expect(r.error.code).toBe("source_mismatch");
  });

  it("refuses events signed with a revoked key, and those of a suspended agent until it is resumed", async () => {
    const c = await createTestAgent("revoked");
    await revokeKey({ kid: c.kid, actor: "test" });
    const ev = cloudEvent(c, "policy.violation", { rule: "fan_out", detail: "x" });
    expect((await one(await signAs(c, ev))).error.code).toBe("revoked_key");

    const d = await createTestAgent("suspended");
    await setAgentStatus({ id: d.id, status: "suspended", actor: "test" });
    const ev2 = cloudEvent(d, "policy.violation", { rule: "fan_out", detail: "x" });
    expect((await one(await signAs(d, ev2))).error.code).toBe("agent_suspended");
    await setAgentStatus({ id: d.id, status: "active", actor: "test" });
    expect((await one(await signAs(d, ev2))).status).toBe("accepted");
  });

  it("publishes active agent keys, without revoked ones, and the control plane's JWKS", async () => {
    const c = await createTestAgent("jwks");
    const base = (await import("vitest")).inject("baseUrl");
    const before = await (await fetch(`${base}/api/v1/agents/jwks`)).json();
    expect(before.keys.some((k: { kid: string; d?: string }) => k.kid === c.kid && k.d === undefined)).toBe(true);
    await revokeKey({ kid: c.kid, actor: "test" });
    const after = await (await fetch(`${base}/api/v1/agents/jwks`)).json();
    expect(after.keys.some((k: { kid: string }) => k.kid === c.kid)).toBe(false);
    const cp = await (await fetch(`${base}/.well-known/jwks.json`)).json();
    expect(cp.keys).toHaveLength(1);
    expect(cp.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    expect(cp.keys[0].d).toBeUndefined();
  });

  it("the agent key set carries an ETag: an unchanged set answers 304, a revocation changes it", async () => {
    const base = (await import("vitest")).inject("baseUrl");
    const c = await createTestAgent("etag");
    // Other test files register agents meanwhile, and each changes the set: ask again until one pair of reads
    // meets an unchanged set. A 200 in between must then carry a new ETag and a different body.
    let etag = "";
    let answered304 = false;
    for (let attempt = 0; attempt < 20 && !answered304; attempt++) {
      const first = await fetch(`${base}/api/v1/agents/jwks`);
      const body = await first.text();
      etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^".+"$/);
      const again = await fetch(`${base}/api/v1/agents/jwks`, { headers: { "if-none-match": etag } });
      if (again.status === 304) {
        expect(await again.text()).toBe("");
        answered304 = true;
      } else {
        expect(again.status).toBe(200);
        expect(again.headers.get("etag")).not.toBe(etag);
        expect(await again.text()).not.toBe(body);
      }
    }
    expect(answered304).toBe(true);
    await revokeKey({ kid: c.kid, actor: "test" });
    const changed = await fetch(`${base}/api/v1/agents/jwks`, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("serves keys created in the same millisecond in one order, so an unchanged set keeps its ETag", async () => {
    const base = (await import("vitest")).inject("baseUrl");
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await createTestAgent("same-ms"));
    const at = new Date("2020-01-01T00:00:00.000Z");
    // Written in reverse kid order, so storage order and kid order disagree.
    for (const m of [...made].sort((x, y) => (x.kid < y.kid ? 1 : -1))) {
      await getDb().agentKey.update({ where: { kid: m.kid }, data: { createdAt: at } });
    }
    const ours = new Set(made.map((m) => m.kid));
    const served = (await (await fetch(`${base}/api/v1/agents/jwks`)).json()).keys
      .map((k: { kid: string }) => k.kid)
      .filter((kid: string) => ours.has(kid));
    // The database's own string order (its collation), which the key set follows for ties.
    const byKid = await getDb().agentKey.findMany({ where: { kid: { in: [...ours] } }, orderBy: { kid: "asc" }, select: { kid: true } });
    expect(served).toEqual(byKid.map((k) => k.kid));
  });

  it("keeps ids unique per source: the same id from two agents is two events", async () => {
    const id = `evt-${randomUUID()}`;
    const r1 = await one(await signAs(a, cloudEvent(a, "policy.violation", { rule: "rate", detail: "x" }, { id })));
    const r2 = await one(await signAs(b, cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" }, { id })));
    expect([r1.status, r2.status]).toEqual(["accepted", "accepted"]);
  });
});
