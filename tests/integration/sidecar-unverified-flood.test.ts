import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import type { TValidator } from "../../sdk/index.ts";
import { REPORT_QUEUE_MAX } from "../../sidecar/core.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { sessionAs } from "../factories/session.ts";
import { startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";
import { keepPolicy, policyReached, savePolicy, until } from "../support/sidecar-policy.ts";

const baseUrl = inject("baseUrl");
let restore: () => Promise<unknown>;
let x: TestAgent, y: TestAgent;
let agentY: TA2aAgent;
let sideX: TRunningSidecar, sideY: TRunningSidecar;
let cp: http.Server;
const state = { cpDown: false, poison: false };

/** X's check of Y's answers: a negative price is poison. */
const priceCheck: TValidator = (m) => {
  const price = (m.body as { result?: { message?: { parts?: { data?: { price?: number } }[] } } }).result?.message?.parts?.[0]?.data?.price;
  return typeof price === "number" && price < 0 ? { ok: false, reason: `price ${price} is negative`, anomalyScore: 0.9 } : { ok: true, anomalyScore: 0 };
};

beforeAll(async () => {
  const admin = await sessionAs("admin");
  const kept = await keepPolicy(admin);
  restore = kept.restore;
  kept.policy.breaker = { ...kept.policy.breaker, failure_threshold: 3 };
  kept.policy.fan_out = { ...kept.policy.fan_out, max_messages_per_agent_per_cycle: 1000 };
  const version = await savePolicy(admin, kept.policy);
  // The control plane as X's sidecar sees it: the real app behind a switch the test can turn off.
  cp = http.createServer((req, res) => {
    if (state.cpDown) return void req.socket.destroy();
    const up = http.request(`${baseUrl}${req.url}`, { method: req.method, headers: req.headers }, (r) => (res.writeHead(r.statusCode ?? 502, r.headers), r.pipe(res)));
    up.on("error", () => res.destroy());
    req.pipe(up);
  }).listen(0, "127.0.0.1");
  await new Promise((r) => cp.once("listening", r));
  [x, y] = [await createTestAgent("suf-x"), await createTestAgent("suf-y")];
  agentY = await startA2aAgent("prices", () => ({ data: { price: state.poison ? -5 : 10 } }));
  sideY = await startTestSidecar({ agent: y, controlPlane: baseUrl, upstream: agentY.url });
  sideX = await startTestSidecar({
    agent: x, controlPlane: `http://127.0.0.1:${(cp.address() as AddressInfo).port}`, upstream: "http://127.0.0.1:9",
    peers: { [y.id]: sideY.inboundUrl }, validatorsFor: (s) => (s === y.id ? [priceCheck] : []),
  });
  await policyReached(version, sideX, sideY);
});
afterAll(async () => {
  await Promise.all([sideX?.close(), sideY?.close(), agentY?.close()]);
  cp?.close();
  await restore?.();
});

let n = 0;
const call = () => fetch(`${sideX.outboundUrl}/peers/${y.id}/a2a/jsonrpc`, {
  method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" },
  body: JSON.stringify({ jsonrpc: "2.0", id: ++n, method: "SendMessage", params: { message: { messageId: `f-${n}`, role: "ROLE_USER", parts: [{ data: { sku: "bolt" } }] } } }),
});
type THealth = { status: string; controlPlane: { reachable: boolean | null }; reports: { queued: number; pending: number; dropped: number }; breakers: Record<string, string> };
const health = async () => (await (await fetch(`${sideX.outboundUrl}/healthz`)).json()) as THealth;

/** Sends `count` requests to X's inbound port as anyone can (kept-alive connections, `width` at a time); resolves with their statuses. */
async function flood(count: number, headers: Record<string, string>, width = 16): Promise<Map<number, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: width });
  const statuses = new Map<number, number>();
  const url = new URL(`${sideX.inboundUrl}/a2a/jsonrpc`);
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "flood", role: "ROLE_USER", parts: [{ text: "hi" }] } } });
  const one = () => new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } }, (res) => {
      statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
      res.resume().on("end", resolve);
    });
    req.on("error", reject);
    req.end(body);
  });
  let sent = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (sent < count) (sent++, await one());
  }));
  agent.destroy();
  return statuses;
}

describe("sidecar: a flood of messages that cannot be verified", () => {
  it("while the control plane is away, thousands of unsigned and forged requests push no report of authenticated traffic out of the queue: the trip and its evidence arrive, the refusals arrive counted, in a handful of reports", async () => {
    expect((await call()).status).toBe(200);
    await until("X reached the control plane", async () => (await health()).controlPlane.reachable === true);
    await until("the first report is sent", async () => (await health()).reports.queued === 0);
    state.cpDown = true;
    await until("X noticed", async () => (await health()).status === "degraded");

    state.poison = true;
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(422);
    expect((await health()).breakers[y.id]).toBe("OPEN"); // the trip and its three rejections are queued

    const UNSIGNED = REPORT_QUEUE_MAX + 500;
    const FORGED = 300;
    expect(await flood(UNSIGNED, {})).toEqual(new Map([[401, UNSIGNED]]));
    expect(await flood(FORGED, { "firebreak-message": "not.a.jws" })).toEqual(new Map([[401, FORGED]]));
    const waiting = await health();
    expect(waiting.reports.dropped).toBe(0);
    expect(waiting.reports.queued).toBeLessThan(20);

    state.cpDown = false;
    const id = boundaryId(y.id, x.id);
    await until("the trip is stored", async () => (await getDb().breakerTransition.count({ where: { boundaryId: id } })) === 1, 60_000);
    await until("its evidence is stored", async () => (await getDb().messageValidation.count({ where: { sender: y.id, receiver: x.id, outcome: "rejected" } })) === 3, 60_000);
    expect(await getDb().review.count({ where: { boundaryId: id } })).toBe(1);
    const counted = async () => (await getDb().policyViolation.findMany({ where: { agentId: x.id, rule: "unsigned_message" } })).reduce((sum, v) => sum + (v.count ?? 0), 0);
    await until("every refusal is counted", async () => (await counted()) === UNSIGNED + FORGED, 60_000);
    const rows = await getDb().policyViolation.findMany({ where: { agentId: x.id, rule: "unsigned_message" }, orderBy: { id: "asc" } });
    expect(rows.length).toBeLessThanOrEqual(6); // per reason: the first at once, the rest of its window (or of the outage) in one
    expect(rows.map((r) => r.detail).join("\n")).toMatch(/\d+ messages refused \(no_signature\) since .*; the last: a message arrived without a Firebreak-Message signature/);
    await until("the queue drained", async () => (await health()).reports.queued === 0);
    expect((await health()).reports.dropped).toBe(0);
  }, 180_000);
});
