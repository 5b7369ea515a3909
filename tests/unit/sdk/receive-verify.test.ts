import { describe, expect, it } from "vitest";
import { signWith } from "./support/keys.ts";
import { testWorld } from "./support/agents.ts";

const message = (sender: string, receivers: string[], over: Record<string, unknown> = {}) => ({
  messageId: `msg-${Math.random().toString(36).slice(2)}`, sender, receivers, body: { price: 10 }, chain: [sender], parents: [], iat: 1, ...over,
});

describe("receive: verification", () => {
  it("a signed message addressed to me is accepted with its body and reported as validated", async () => {
    const w = await testWorld();
    const [a, b] = [await w.agent("agent-a"), await w.agent("agent-b")];
    const sent = await a.send(["agent-b"], { price: 42 }, { parents: ["rec-1"] });
    const got = await b.receive(sent.envelope);
    expect(got).toMatchObject({ accepted: true, body: { price: 42 }, reasons: [], receipt: { receiver: "agent-b", breaker: "CLOSED" } });
    await b.flush();
    expect(w.cp.ofType("firebreak.message.validated")[0].data).toMatchObject({
      messageId: sent.messageId, sender: "agent-a", receiver: "agent-b", outcome: "accepted", chain: ["agent-a"], parents: ["rec-1"], fanOut: 1,
    });
  });

  it("a tampered payload fails the signature and is reported as unsigned_message; the breaker is not fed", async () => {
    const w = await testWorld();
    const [a, b] = [await w.agent("agent-a"), await w.agent("agent-b")];
    const [h, , s] = (await a.send(["agent-b"], { price: 42 }, { parents: [] })).envelope.split(".");
    const forged = Buffer.from(JSON.stringify(message("agent-a", ["agent-b"], { body: { price: 1 } }))).toString("base64url");
    expect(await b.receive(`${h}.${forged}.${s}`)).toMatchObject({ accepted: false, reasons: ["bad_signature"] });
    await b.flush();
    expect(w.cp.ofType("firebreak.policy.violation")[0].data).toMatchObject({ rule: "unsigned_message" });
    expect(w.cp.ofType("firebreak.message.validated")).toHaveLength(0);
    expect(b.breaker("agent-a").failures).toBe(0);
  });

  it("unsigned, alg none and wrong-typ envelopes are refused as unsigned_message", async () => {
    const w = await testWorld();
    const b = await w.agent("agent-b");
    const { key } = await w.cp.addAgent("agent-a");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: key.kid, typ: "fb-message+jws" })).toString("base64url")}.${Buffer.from(JSON.stringify(message("agent-a", ["agent-b"]))).toString("base64url")}.`;
    expect((await b.receive(JSON.stringify(message("agent-a", ["agent-b"])))).reasons).toEqual(["malformed_jws"]);
    expect((await b.receive(none)).reasons).toEqual(["alg_not_allowed"]);
    expect((await b.receive(await signWith(key, message("agent-a", ["agent-b"]), { typ: "fb-event+jws" }))).reasons).toEqual(["wrong_typ"]);
    await b.flush();
    expect(w.cp.ofType("firebreak.policy.violation").map((e) => e.data.rule)).toEqual(["unsigned_message", "unsigned_message", "unsigned_message"]);
  });

  it("an unknown kid is refused as unknown_sender; once published it is fetched on demand (rate-limited)", async () => {
    const w = await testWorld();
    const b = await w.agent("agent-b");
    await b.receive("x.y.z"); // warms the key cache
    const late = await w.cp.addAgent("agent-late");
    w.cp.agents.delete(late.key.kid);
    const env = await signWith(late.key, message("agent-late", ["agent-b"]), { typ: "fb-message+jws" });
    const fetchesBefore = w.cp.hits.filter((h) => h === "/api/v1/agents/jwks").length;
    expect((await b.receive(env)).reasons).toEqual(["unknown_key"]);
    expect((await b.receive(await signWith(late.key, message("agent-late", ["agent-b"]), { typ: "fb-message+jws" }))).reasons).toEqual(["unknown_key"]);
    expect(w.cp.hits.filter((h) => h === "/api/v1/agents/jwks").length - fetchesBefore).toBeLessThanOrEqual(1);
    w.cp.agents.set(late.key.kid, { id: "agent-late", key: late.key, revoked: false });
    w.clock.advance(1_000);
    expect((await b.receive(await signWith(late.key, message("agent-late", ["agent-b"]), { typ: "fb-message+jws" }))).accepted).toBe(true);
    await b.flush();
    expect(w.cp.ofType("firebreak.policy.violation").map((e) => e.data.rule)).toEqual(["unsigned_message", "unknown_sender", "unknown_sender"]);
  });

  it("a message signed with one agent's key but claiming another sender is refused as unknown_sender", async () => {
    const w = await testWorld();
    const b = await w.agent("agent-b");
    const mallory = await w.cp.addAgent("mallory");
    const env = await signWith(mallory.key, message("agent-a", ["agent-b"]), { typ: "fb-message+jws" });
    expect(await b.receive(env)).toMatchObject({ accepted: false, reasons: ["sender_mismatch"] });
  });

  it("a message not addressed to me, or replayed, is refused without feeding the breaker", async () => {
    const w = await testWorld();
    const [a, b, c] = [await w.agent("agent-a"), await w.agent("agent-b"), await w.agent("agent-c")];
    const sent = await a.send(["agent-c"], "for c", { parents: [] });
    expect((await b.receive(sent.envelope)).reasons).toEqual(["not_receiver"]);
    expect((await c.receive(sent.envelope)).accepted).toBe(true);
    expect((await c.receive(sent.envelope)).reasons).toEqual(["replayed"]);
    expect(b.breaker("agent-a").window).toHaveLength(0);
  });

  it("a revoked key is refused within seconds (JWKS refetch), and at once after a key_revoked directive", async () => {
    const w = await testWorld();
    const b = await w.agent("agent-b", { keysMaxAgeMs: 5_000 });
    const a = await w.cp.addAgent("agent-a");
    const env = () => signWith(a.key, message("agent-a", ["agent-b"]), { typ: "fb-message+jws" });
    expect((await b.receive(await env())).accepted).toBe(true);
    w.cp.revoke(a.key.kid);
    w.clock.advance(5_001);
    expect((await b.receive(await env())).reasons).toEqual(["unknown_key"]);

    const c = await w.agent("agent-c");
    const d = await w.cp.addAgent("agent-d");
    const envD = () => signWith(d.key, message("agent-d", ["agent-c"]), { typ: "fb-message+jws" });
    expect((await c.receive(await envD())).accepted).toBe(true);
    w.cp.queue("agent-c", { type: "key_revoked", agentId: "agent-d", kid: d.key.kid });
    await c.pollDirectives();
    expect((await c.receive(await envD())).reasons).toEqual(["unknown_key"]);
  });

  it("validators run on verified messages: reasons and the highest anomaly score are reported; a throwing one rejects", async () => {
    const w = await testWorld();
    const [a, b] = [await w.agent("agent-a"), await w.agent("agent-b")];
    const env = (await a.send(["agent-b"], { price: 4 }, { parents: [] })).envelope;
    const got = await b.receive(env, [() => ({ ok: true, anomalyScore: 0.2 }), () => ({ ok: false, reason: "price outlier", anomalyScore: 0.9 }), () => { throw new Error("boom"); }]);
    expect(got).toMatchObject({ accepted: false, reasons: ["price outlier", "validator failed: boom"], anomalyScore: 0.9 });
    expect(got.body).toBeUndefined();
  });
});
