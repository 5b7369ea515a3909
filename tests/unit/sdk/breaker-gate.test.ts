import { describe, expect, it } from "vitest";
import { ControlPlaneError, DEFAULT_POLICY_FOR_TESTS } from "./support/policy.ts";
import { testKey, signWith } from "./support/keys.ts";
import { testWorld, type TWorld } from "./support/agents.ts";
import { createAgent, silentLogger, type TAgent } from "../../../sdk/index.ts";

const outlier = () => ({ ok: false, reason: "price 60 % below the median", anomalyScore: 0.9 });
const fine = () => ({ ok: true, anomalyScore: 0 });

/** A → B with B's breaker tripped by three bad messages. */
async function tripped(): Promise<{ w: TWorld; a: TAgent; b: TAgent; send(ok: boolean): Promise<{ accepted: boolean; reasons: string[] }> }> {
  const w = await testWorld();
  const [a, b] = [await w.agent("feed-a"), await w.agent("buyer-b")];
  const send = async (ok: boolean) => {
    const s = await a.send(["buyer-b"], { ok }, { parents: [] });
    const r = await b.receive(s.envelope, [ok ? fine : outlier]);
    if (r.receipt) a.acknowledge(r.receipt);
    return r;
  };
  for (let i = 0; i < 3; i++) await send(false);
  return { w, a, b, send };
}

const approval = (epoch: number, w: TWorld, over: Record<string, unknown> = {}) => ({
  type: "approve_half_open", boundary: { sender: "feed-a", receiver: "buyer-b" }, epoch, approvalId: `apr-${epoch}`,
  notBefore: new Date(w.clock.t).toISOString(), expiresAt: new Date(w.clock.t + 3_600_000).toISOString(), ...over,
});

describe("breaker with the human gate", () => {
  it("onBreakerChange hears of a trip after its transition report is queued, so one save of both keeps them together", async () => {
    const w = await testWorld();
    const heard: string[] = [];
    const journal = { queued: (e: { type: string }, mustSave: boolean) => void heard.push(`queued ${e.type} ${mustSave ? "now" : "later"}`), settled: () => {} };
    const a = await w.agent("feed-a");
    const b = await w.agent("buyer-b", { reporter: { random: () => 0.5, journal }, onBreakerChange: (_sender, s) => void heard.push(`state ${s.state}`) });
    for (let i = 0; i < 3; i++) await b.receive((await a.send(["buyer-b"], { ok: false }, { parents: [] })).envelope, [outlier]);
    expect(heard.filter((h) => h !== "state CLOSED")).toEqual([
      ...Array(3).fill("queued firebreak.message.validated later"), "queued firebreak.breaker.transition now", "state OPEN",
    ]);
  });

  it("three failed validations trip A → B; while OPEN messages are refused without running validators", async () => {
    const { w, b, a } = await tripped();
    expect(b.breaker("feed-a")).toMatchObject({ state: "OPEN", epoch: 1 });
    let ran = false;
    const s = await a.send(["buyer-b"], {}, { parents: [] }).catch(() => null);
    expect(s).toBeNull(); // the receipt told A the boundary is OPEN: A no longer sends
    const direct = await w.cp.addAgent("feed-a"); // a second key of A, so a message reaches B all the same
    w.clock.advance(1_000);
    const env = await signWith(direct.key, { messageId: "msg-x", sender: "feed-a", receivers: ["buyer-b"], body: 1, chain: ["feed-a"], parents: [], iat: 1 }, { typ: "fb-message+jws" });
    expect(await b.receive(env, [() => ((ran = true), { ok: true })])).toMatchObject({ accepted: false, reasons: ["breaker_open"] });
    expect(ran).toBe(false);
    await b.flush();
    expect(w.cp.ofType("firebreak.breaker.transition").map((e) => e.data)).toMatchObject([
      { sender: "feed-a", receiver: "buyer-b", seq: 1, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3 },
    ]);
  });

  it("an approval naming a stale or future epoch, an expired one, or one before the cooldown ends leaves it OPEN", async () => {
    const { w, b } = await tripped();
    w.cp.queue("buyer-b", approval(0, w));
    w.cp.queue("buyer-b", approval(2, w));
    w.cp.queue("buyer-b", approval(1, w, { expiresAt: new Date(w.clock.t - 1).toISOString() }));
    w.cp.queue("buyer-b", approval(1, w)); // valid, but the 300 s cooldown has not passed
    await b.pollDirectives();
    expect(b.breaker("feed-a").state).toBe("OPEN");
    w.clock.advance(300_000);
    await b.pollDirectives();
    expect(b.breaker("feed-a").state).toBe("HALF_OPEN");
  });

  it("directives with a bad signature, the wrong typ or a non-EdDSA alg are refused whole", async () => {
    const { w, b } = await tripped();
    w.clock.advance(300_000);
    const forger = await testKey();
    const payload = { directives: [approval(1, w)], cursor: "1" };
    const answers = [
      await signWith({ ...forger, kid: w.cp.key.kid }, payload, { typ: "fb-directives+jws" }),
      await signWith(w.cp.key, payload, { typ: "fb-policy+jws" }),
      (await signWith(w.cp.key, payload, { typ: "fb-directives+jws" })).replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: "HS256", kid: w.cp.key.kid, typ: "fb-directives+jws" })).toString("base64url")),
    ];
    const codes = [];
    for (const answer of answers) {
      w.cp.intercept = (path) => (path.endsWith("/directives") ? new Response(answer, { headers: { "content-type": "application/jose" } }) : undefined);
      codes.push(await b.pollDirectives().then(() => "applied", (e: ControlPlaneError) => e.code));
    }
    expect(codes).toEqual(["bad_signature", "wrong_typ", "alg_not_allowed"]);
    expect(b.breaker("feed-a").state).toBe("OPEN");
  });

  it("after approval a failing probe re-trips (new epoch, new review), a passing one closes; OPEN→HALF_OPEN carries the approvalId", async () => {
    const { w, b, send } = await tripped();
    w.clock.advance(300_000);
    w.cp.queue("buyer-b", approval(1, w));
    await b.pollDirectives();
    expect((await send(false)).accepted).toBe(false);
    expect(b.breaker("feed-a")).toMatchObject({ state: "OPEN", epoch: 2 });
    w.clock.advance(300_000);
    w.cp.queue("buyer-b", approval(1, w)); // void: the boundary re-tripped
    await b.pollDirectives();
    expect(b.breaker("feed-a").state).toBe("OPEN");
    w.cp.queue("buyer-b", approval(2, w));
    await b.pollDirectives();
    expect((await send(true)).accepted).toBe(true);
    expect(b.breaker("feed-a").state).toBe("CLOSED");
    await b.flush();
    const t = w.cp.ofType("firebreak.breaker.transition").map((e) => e.data);
    expect(t.map((d) => `${d.seq}:${d.from}>${d.to}`)).toEqual(["1:CLOSED>OPEN", "2:OPEN>HALF_OPEN", "3:HALF_OPEN>OPEN", "4:OPEN>HALF_OPEN", "5:HALF_OPEN>CLOSED"]);
    expect(t[1].approvalId).toBe("apr-1");
    expect(t[3].approvalId).toBe("apr-2");
  });

  it("force_open trips a CLOSED boundary by hand; the sender side stops sending on its own force_open", async () => {
    const w = await testWorld();
    const [a, b] = [await w.agent("feed-a"), await w.agent("buyer-b")];
    w.cp.queue("buyer-b", { type: "force_open", boundary: { sender: "feed-a", receiver: "buyer-b" }, reason: "kill switch" });
    w.cp.queue("feed-a", { type: "force_open", boundary: { sender: "feed-a", receiver: "buyer-b" }, reason: "kill switch" });
    await b.pollDirectives();
    await a.pollDirectives();
    expect(b.breaker("feed-a")).toMatchObject({ state: "OPEN", epoch: 1 });
    await expect(a.send(["buyer-b"], 1, { parents: [] })).rejects.toThrow(/OPEN/);
    await b.flush();
    expect(w.cp.ofType("firebreak.breaker.transition")[0].data).toMatchObject({ reason: "force_open: kill switch", to: "OPEN" });
  });

  it("policy_updated refetches the signed policy and the caps follow it", async () => {
    const w = await testWorld();
    const a = await w.agent("feed-a");
    await expect(a.send(["r1", "r2"], 1, { parents: [] })).resolves.toBeTruthy();
    w.cp.policy = { version: 2, policy: { ...DEFAULT_POLICY_FOR_TESTS, fan_out: { ...DEFAULT_POLICY_FOR_TESTS.fan_out, max_downstream_per_message: 1 } } };
    w.cp.queue("feed-a", { type: "policy_updated", version: 2 });
    await a.pollDirectives();
    expect(a.policy.version).toBe(2);
    await expect(a.send(["r1", "r2"], 2, { parents: [] })).rejects.toMatchObject({ rule: "fan_out" });
  });

  it("the directives request carries a fresh fb-request+jwt (aud firebreak, exp = iat + 30 s, unique jti)", async () => {
    const w = await testWorld();
    const a = await w.agent("feed-a");
    const tokens: string[] = [];
    w.cp.intercept = (_path, req) => (tokens.push(req.headers.get("authorization") ?? ""), undefined);
    await a.pollDirectives();
    await a.pollDirectives();
    const claims = tokens.filter((t) => t.startsWith("Bearer ")).map((t) => JSON.parse(Buffer.from(t.slice(7).split(".")[1], "base64url").toString()));
    expect(claims).toHaveLength(2);
    expect(claims[0]).toMatchObject({ sub: "feed-a", aud: "firebreak" });
    expect(claims[0].exp - claims[0].iat).toBe(30);
    expect(claims[0].jti).not.toBe(claims[1].jti);
  });

  it("a restarted agent given its snapshot carries on: still OPEN, the same epoch, the next seq", async () => {
    const { w, b } = await tripped();
    // The trip's own report is delivered first: under load it could land after the restarted agent's.
    await b.flush();
    const { privateJwk } = await w.cp.addAgent("buyer-b");
    const saved = JSON.parse(JSON.stringify(b.snapshot()));
    const again = createAgent({ id: "buyer-b", privateJwk, controlPlaneUrl: "http://cp.test", fetch: w.cp.fetch, clock: w.clock, logger: silentLogger, breakers: saved });
    expect(again.breaker("feed-a")).toMatchObject({ state: "OPEN", epoch: 1, seq: 1 });
    w.clock.advance(300_000);
    w.cp.queue("buyer-b", approval(1, w));
    await again.pollDirectives();
    await again.flush();
    const transitions = w.cp.ofType("firebreak.breaker.transition").map((e) => e.data);
    expect(transitions.at(-1)).toMatchObject({ seq: 2, from: "OPEN", to: "HALF_OPEN" });
    expect(transitions.filter((t) => (t as { seq: number }).seq === 2)).toHaveLength(1);
  });
});
