import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { ReplayGuard } from "../../sidecar/replay-guard.ts";
import { bodyDigest } from "../../sidecar/wire/digest.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { silentLogger } from "../../sdk/index.ts";
import { createTestAgent, signAs, type TestAgent } from "../factories/agents.ts";
import { clientThrough, dataMessage, startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";

const controlPlane = inject("baseUrl");
let x: TestAgent, y: TestAgent, z: TestAgent;
let agentY: TA2aAgent;
let sideX: TRunningSidecar, sideY: TRunningSidecar;

beforeAll(async () => {
  [x, y, z] = [await createTestAgent("sc-x"), await createTestAgent("sc-y"), await createTestAgent("sc-z")];
  agentY = await startA2aAgent("y", () => ({ data: { price: 42 } }));
  sideY = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url });
  sideX = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [y.id]: sideY.inboundUrl } });
});
afterAll(async () => {
  await Promise.all([sideX?.close(), sideY?.close(), agentY?.close()]);
});

/** A message header as a sidecar would sign it, from `from` to `to`, over `body` (overrides replace payload fields). */
async function header(from: TestAgent, to: string, body: string, over: Record<string, unknown> = {}, key: TestAgent = from) {
  const payload = { messageId: `msg-${Math.random().toString(36).slice(2)}`, sender: from.id, receivers: [to], bodyDigest: bodyDigest(body), chain: [from.id], parents: [], iat: Math.floor(Date.now() / 1000), ...over };
  return signAs(key, payload, { typ: "fb-message+jws" });
}

const rpcBody = (text: string) => JSON.stringify({ jsonrpc: "2.0", id: 9, method: "SendMessage", params: { message: { messageId: `m-${text}`, role: "ROLE_USER", parts: [{ text }] } } });
const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(`${url}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0", ...headers }, body });

describe("sidecar: A2A messages between two agents behind their sidecars", () => {
  it("happy path: an unmodified A2A client reaches the agent through both sidecars, the card points at the sidecar, both sides report accepted", async () => {
    const client = await clientThrough(sideX, y.id);
    const card = await client.getAgentCard();
    expect(card.supportedInterfaces[0].url).toBe(`${sideX.outboundUrl}/peers/${y.id}/a2a/jsonrpc`);
    const before = agentY.received.length;
    const reply = await client.sendMessage(dataMessage({ sku: "bolt" }));
    expect(reply).toMatchObject({ parts: [{ content: { $case: "data", value: { price: 42 } } }] });
    expect(agentY.received.length).toBe(before + 1);
    await Promise.all([sideX.core.ctx.reporter.flush(), sideY.core.ctx.reporter.flush()]);
    const outcomes = await getDb().messageValidation.findMany({ where: { OR: [{ sender: x.id, receiver: y.id }, { sender: y.id, receiver: x.id }] } });
    expect(outcomes.map((o) => `${o.sender === x.id ? "x>y" : "y>x"} ${o.outcome}`).sort()).toEqual(["x>y accepted", "y>x accepted"]);
  });

  it("bodies stay byte-identical in both directions (spacing, key order and all)", async () => {
    const seen: string[] = [];
    const answer = '{ "jsonrpc":"2.0" ,"id":7,  "result":{"message":{"messageId":"r1","role":"ROLE_AGENT","parts":[{"text":"ok"}]}}}\n';
    const raw = http.createServer((req, res) => {
      let b = "";
      req.on("data", (c) => (b += c)).on("end", () => (seen.push(b), res.writeHead(200, { "content-type": "application/json" }).end(answer)));
    }).listen(0, "127.0.0.1");
    await new Promise((r) => raw.once("listening", r));
    const side = await startTestSidecar({ agent: z, controlPlane, upstream: `http://127.0.0.1:${(raw.address() as AddressInfo).port}` });
    const viaX = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [z.id]: side.inboundUrl } });
    try {
      const sent = '{"id":7,   "jsonrpc":"2.0","method":"SendMessage","params":{"message":{"messageId":"m1","role":"ROLE_USER","parts":[{"text":"héllo"}]}}}';
      const res = await post(`${viaX.outboundUrl}/peers/${z.id}`, sent);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(answer);
      expect(seen).toEqual([sent]);
      expect(res.headers.get("firebreak-message")).toBeNull();
    } finally {
      await Promise.all([side.close(), viaX.close()]);
      raw.close();
    }
  });

  it("unsigned, forged, tampered, replayed and wrong-digest requests are refused with 401 and a JSON-RPC error, never reach the agent, and are reported", async () => {
    const before = agentY.received.length;
    const body = rpcBody("hi");
    const reasonOf = async (res: Response) => ((await res.json()) as { error: { data: { firebreak: { reason: string } } } }).error.data.firebreak.reason;

    const unsigned = await post(sideY.inboundUrl, body);
    expect(unsigned.status).toBe(401);
    expect(await reasonOf(unsigned)).toBe("unsigned_message");

    const forged = await post(sideY.inboundUrl, body, { "firebreak-message": await header(x, y.id, body, {}, z) }); // z's key, claiming to be x
    expect([forged.status, await reasonOf(forged)]).toEqual([401, "unknown_sender"]);

    const good = await header(x, y.id, body);
    const tampered = good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    const bad = await post(sideY.inboundUrl, body, { "firebreak-message": tampered });
    expect([bad.status, await reasonOf(bad)]).toEqual([401, "unsigned_message"]);

    const wrongDigest = await post(sideY.inboundUrl, rpcBody("other"), { "firebreak-message": good });
    expect([wrongDigest.status, await reasonOf(wrongDigest)]).toEqual([401, "bad_digest"]);
    // A captured signature sent with another body does not burn the real message: its id is recorded only once the body matches.
    const real = await post(sideY.inboundUrl, body, { "firebreak-message": good });
    expect(real.status).toBe(200);

    const fresh = await header(x, y.id, body);
    const delivered = await post(sideY.inboundUrl, body, { "firebreak-message": fresh });
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toMatchObject({ result: { message: { parts: [{ data: { price: 42 } }] } } });
    const replay = await post(sideY.inboundUrl, body, { "firebreak-message": fresh });
    expect([replay.status, await reasonOf(replay)]).toEqual([401, "replayed"]);

    const old = await post(sideY.inboundUrl, body, { "firebreak-message": await header(x, y.id, body, { iat: Math.floor(Date.now() / 1000) - 3600 }) });
    expect([old.status, await reasonOf(old)]).toEqual([401, "replayed"]);

    expect(agentY.received.length).toBe(before + 2); // only the two good messages
    await sideY.core.ctx.reporter.flush();
    const rules = (await getDb().policyViolation.findMany({ where: { agentId: y.id } })).map((v) => v.rule);
    expect(rules.filter((r) => r === "unsigned_message").length).toBeGreaterThanOrEqual(5);
    expect(rules).toContain("unknown_sender");
  });

  it("a full replay guard refuses a new message (fail closed) rather than forget ids still inside their window; it is logged, not reported as the sender's violation", async () => {
    const { core } = sideY;
    const kept = core.replays;
    const before = agentY.received.length;
    const violations = () => getDb().policyViolation.count({ where: { agentId: y.id } });
    await sideY.core.ctx.reporter.flush();
    const reported = await violations();
    core.replays = new ReplayGuard({ perSender: 0 });
    try {
      const body = rpcBody("full");
      const res = await post(sideY.inboundUrl, body, { "firebreak-message": await header(x, y.id, body) });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/replay guard is full/);
    } finally {
      core.replays = kept;
    }
    expect(agentY.received.length).toBe(before);
    await sideY.core.ctx.reporter.flush();
    expect(await violations()).toBe(reported);
  });

  it("a sender whose share of the replay guard is full is refused alone (fail closed for it), the other senders go on; the warning is logged once per sender and interval, with a count", async () => {
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const logger = { ...silentLogger, warn: (message: string, fields?: Record<string, unknown>) => void logged.push({ message, fields }) };
    const side = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url, logger });
    side.core.replays = new ReplayGuard({ perSender: 2 });
    const send = async (from: TestAgent, text: string) => {
      const body = rpcBody(text);
      const res = await post(side.inboundUrl, body, { "firebreak-message": await header(from, y.id, body) });
      return { status: res.status, message: ((await res.json()) as { error?: { message: string } }).error?.message };
    };
    try {
      expect((await send(x, "x1")).status).toBe(200);
      expect((await send(x, "x2")).status).toBe(200);
      for (const text of ["x3", "x4", "x5"]) expect(await send(x, text)).toEqual({ status: 401, message: expect.stringMatching(/sender's share of the replay guard is full/) });
      expect((await send(z, "z1")).status).toBe(200); // x filled its own share, not z's
      expect((await send(z, "z2")).status).toBe(200);
      expect((await send(x, "x6")).status).toBe(401);
    } finally {
      await side.close(); // says what the interval has not said yet
    }
    const warnings = logged.filter((l) => /replay guard/.test(l.message)).map((l) => l.fields);
    expect(warnings).toEqual([
      expect.objectContaining({ sender: x.id, refused: 1, held: 2 }),
      expect.objectContaining({ sender: x.id, refused: 3, held: 2 }),
    ]);
  });

  it("a malformed body is refused with a JSON-RPC parse error; an oversized one with 413 before it is read whole", async () => {
    const junk = "{not json";
    const res = await post(sideY.inboundUrl, junk, { "firebreak-message": await header(x, y.id, junk) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const big = "x".repeat(2_000_000);
    const tooBig = await post(`${sideX.outboundUrl}/peers/${y.id}`, big);
    expect(tooBig.status).toBe(413);
  });

  it("a peer that is down gives a clear JSON-RPC error, not a hang", async () => {
    const lonely = await startTestSidecar({ agent: z, controlPlane, upstream: "http://127.0.0.1:9", peers: { [y.id]: "http://127.0.0.1:9" }, extra: { timeouts: { peerMs: 2_000, upstreamMs: 2_000 } } });
    try {
      const res = await post(`${lonely.outboundUrl}/peers/${y.id}`, rpcBody("anyone?"));
      expect(res.status).toBe(502);
      const body = (await res.json()) as { error: { message: string; data: { firebreak: { reason: string } } } };
      expect(body.error.data.firebreak.reason).toBe("peer_unreachable");
      expect(body.error.message).toMatch(/did not answer/);
    } finally {
      await lonely.close();
    }
  });
});
