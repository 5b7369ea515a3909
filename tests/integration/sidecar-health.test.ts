import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";
import { until } from "../support/sidecar-policy.ts";

const baseUrl = inject("baseUrl");
let x: TestAgent, y: TestAgent;
let agentY: TA2aAgent;
let sideX: TRunningSidecar, sideY: TRunningSidecar;
let cpDown = false;
let cp: http.Server;

beforeAll(async () => {
  // The control plane as X's sidecar sees it: the real app behind a switch the test can turn off.
  cp = http.createServer((req, res) => {
    if (cpDown) return void req.socket.destroy();
    const up = http.request(`${baseUrl}${req.url}`, { method: req.method, headers: req.headers }, (r) => (res.writeHead(r.statusCode ?? 502, r.headers), r.pipe(res)));
    up.on("error", () => res.destroy());
    req.pipe(up);
  }).listen(0, "127.0.0.1");
  await new Promise((r) => cp.once("listening", r));
  const cpUrl = `http://127.0.0.1:${(cp.address() as AddressInfo).port}`;
  [x, y] = [await createTestAgent("sch-x"), await createTestAgent("sch-y")];
  agentY = await startA2aAgent("steady", () => ({ data: { price: 10 } }));
  sideY = await startTestSidecar({ agent: y, controlPlane: baseUrl, upstream: agentY.url });
  sideX = await startTestSidecar({ agent: x, controlPlane: cpUrl, upstream: "http://127.0.0.1:9", peers: { [y.id]: sideY.inboundUrl } });
});
afterAll(async () => {
  await Promise.all([sideX?.close(), sideY?.close(), agentY?.close()]);
  cp?.close();
});

const call = (i: number) => fetch(`${sideX.outboundUrl}/peers/${y.id}/a2a/jsonrpc`, {
  method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" },
  body: JSON.stringify({ jsonrpc: "2.0", id: i, method: "SendMessage", params: { message: { messageId: `h-${i}`, role: "ROLE_USER", parts: [{ text: "hi" }] } } }),
});
type THealth = { status: string; controlPlane: { reachable: boolean | null }; reports: { queued: number } };
const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as THealth;

describe("sidecar: the control plane going away and coming back", () => {
  it("keeps enforcing and delivering while the control plane is down, says so on /healthz of both ports, and sends the queued reports once it is back", async () => {
    expect((await call(1)).status).toBe(200);
    await until("X reached the control plane", async () => (await health(sideX.outboundUrl)).controlPlane.reachable === true);
    cpDown = true;
    await until("X noticed", async () => (await health(sideX.outboundUrl)).status === "degraded");
    expect((await health(sideX.inboundUrl)).status).toBe("degraded");
    expect((await call(2)).status).toBe(200); // keys and policy in hand: traffic goes on, checked as before
    const unsigned = await fetch(`${sideX.inboundUrl}/a2a/jsonrpc`, { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401); // and refusals too
    await until("reports queue up", async () => (await health(sideX.outboundUrl)).reports.queued > 0);

    cpDown = false;
    await until("X is back", async () => (await health(sideX.inboundUrl)).status === "ok");
    await until("the queue drained", async () => (await health(sideX.outboundUrl)).reports.queued === 0);
    const stored = await getDb().messageValidation.findMany({ where: { sender: y.id, receiver: x.id } });
    expect(stored.map((v) => v.outcome)).toEqual(["accepted", "accepted"]);
    expect(await getDb().policyViolation.count({ where: { agentId: x.id, rule: "unsigned_message" } })).toBe(1);
  });

  it("the inbound port, which peers and anyone on its network reach, answers only ok or degraded; the details (agent, peers, breakers, queue) are on the outbound port, the agent's", async () => {
    const detailed = await health(sideX.outboundUrl);
    expect(detailed).toMatchObject({ status: "ok", agent: x.id, reports: { queued: expect.any(Number) }, breakers: { [y.id]: "CLOSED" } });
    const coarse = await fetch(`${sideX.inboundUrl}/healthz`);
    expect(coarse.status).toBe(200);
    const text = await coarse.text();
    expect(JSON.parse(text)).toEqual({ status: "ok" });
    for (const secret of [x.id, y.id, "breakers", "reports", "policyVersion", "CLOSED"]) expect(text).not.toContain(secret);

    cpDown = true;
    try {
      await until("X noticed", async () => (await health(sideX.outboundUrl)).status === "degraded");
      const down = (await (await fetch(`${sideX.inboundUrl}/healthz`)).json()) as Record<string, unknown>;
      expect(Object.keys(down).sort()).toEqual(["note", "status"]);
      expect(down).toMatchObject({ status: "degraded", note: expect.stringMatching(/control plane unreachable.*reports are queued/) });
    } finally {
      cpDown = false;
    }
    await until("X is back", async () => (await health(sideX.inboundUrl)).status === "ok");
  });
});
