import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";
import { freePort } from "../support/server.ts";
import { killSidecar, startSidecarProcess } from "../support/sidecar-process.ts";
import { keepPolicy, pendingReview, policyReached, savePolicy, until } from "../support/sidecar-policy.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";

const controlPlane = inject("baseUrl");
const dir = mkdtempSync(path.join(tmpdir(), "sidecar-durable-"));
const PROBES = 2;
let reviewer: TestSession;
let restore: () => Promise<unknown>;
let version = 0;
let x: TestAgent, y: TestAgent;
let agentY: TA2aAgent, sideY: TRunningSidecar;
let proxy: TcpProxy;
const children: ChildProcess[] = [];
let inboundX = "", outboundX = "";
const state: { poison: boolean; hold?: Promise<void> } = { poison: false };

let n = 0;
const call = () => fetch(`${outboundX}/peers/${y.id}/a2a/jsonrpc`, {
  method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" },
  body: JSON.stringify({ jsonrpc: "2.0", id: ++n, method: "SendMessage", params: { message: { messageId: `d-${n}`, role: "ROLE_USER", parts: [{ data: { sku: "bolt" } }] } } }),
});
const reason = async (res: Response) => ((await res.json()) as { error: { data: { firebreak: { reason: string } } } }).error.data.firebreak.reason;
type THealth = { status: string; policyVersion: number; reports: { queued: number; pending: number; durable: boolean }; breakers: Record<string, string> };
const health = async () => (await (await fetch(`${outboundX}/healthz`)).json()) as THealth; // the detailed view: the agent's port

beforeAll(async () => {
  let admin: TestSession;
  [admin, reviewer] = await Promise.all([sessionAs("admin"), sessionAs("reviewer")]);
  const kept = await keepPolicy(admin);
  restore = kept.restore;
  const policy = kept.policy;
  policy.breaker = { ...policy.breaker, failure_threshold: 3, reset_timeout_s: 1, half_open_max_probes: PROBES, required_approvals: 1 };
  policy.fan_out = { ...policy.fan_out, cooldown_after_trip_s: 1, max_messages_per_agent_per_cycle: 1000, max_concurrent_fan_out: 10 };
  version = await savePolicy(admin, policy);
  [x, y] = [await createTestAgent("sdr-x"), await createTestAgent("sdr-y")];
  agentY = await startA2aAgent("prices", async () => (await state.hold, { data: { price: state.poison ? -5 : 10 } }));
  sideY = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url });
  await policyReached(version, sideY);
  // X reaches the control plane through a line the test can cut (the app itself stays up for Y and for the test).
  const cp = new URL(controlPlane);
  proxy = await startTcpProxy(cp.hostname, Number(cp.port));
  writeFileSync(path.join(dir, "x.jwk.json"), JSON.stringify(x.privateJwk));
  writeFileSync(path.join(dir, "price.json"), JSON.stringify({ type: "object", properties: { price: { type: "number", minimum: 0 } } }));
  const [inX, outX] = [await freePort(), await freePort()];
  [inboundX, outboundX] = [`http://127.0.0.1:${inX}`, `http://127.0.0.1:${outX}`];
  writeFileSync(path.join(dir, "x.yaml"), JSON.stringify({
    agent: x.id, key: "./x.jwk.json", controlPlane: `http://127.0.0.1:${proxy.port}`, pollIntervalMs: 200, breakerStateFile: "./state.json",
    inbound: { listen: `127.0.0.1:${inX}`, upstream: "http://127.0.0.1:9" }, outbound: { listen: `127.0.0.1:${outX}` },
    peers: { [y.id]: sideY.inboundUrl }, validators: [{ from: y.id, jsonSchema: "./price.json" }],
  }));
});
afterAll(async () => {
  await Promise.all(children.map(killSidecar));
  await Promise.all([sideY?.close(), agentY?.close(), proxy?.close()]);
  await restore?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("sidecar: breaker reports survive a restart", () => {
  it("a trip the control plane never heard of (unreachable, then the sidecar is SIGKILLed) is sent by the restarted sidecar: one transition, one review; approval lets exactly half_open_max_probes probes through", async () => {
    const config = path.join(dir, "x.yaml");
    let sideX = await startSidecarProcess(config, children);
    expect((await call()).status).toBe(200); // keys and policy in hand
    await until("X enforces the test policy", async () => (await health()).policyVersion >= version, 30_000);
    await proxy.cut();
    await until("X noticed the control plane is gone", async () => (await health()).status === "degraded", 30_000);
    expect(await (await fetch(`${inboundX}/healthz`)).json()).toMatchObject({ status: "degraded" }); // the peers' port says so too, without details

    state.poison = true;
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(422);
    const open = await call();
    expect(open.status).toBe(503);
    expect(await reason(open)).toBe("circuit_open");
    expect((await health()).reports).toMatchObject({ pending: 1, durable: true });
    const saved = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")) as { reports: { type: string; data: { outcome?: string } }[] };
    expect(saved.reports.filter((r) => r.type === "firebreak.breaker.transition")).toHaveLength(1);
    expect(saved.reports.filter((r) => r.data.outcome === "rejected").length).toBeGreaterThanOrEqual(3); // the trip's evidence rides along
    await killSidecar(sideX);
    const id = boundaryId(y.id, x.id);
    expect(await getDb().breakerTransition.count({ where: { boundaryId: id } })).toBe(0);

    await proxy.restore();
    sideX = await startSidecarProcess(config, children);
    const reviewId = await pendingReview(reviewer, id);
    await until("nothing pending", async () => (await health()).reports.pending === 0, 30_000);
    expect(sideX.log()).toMatch(/re-sending the reports the last run saved.*CLOSED → OPEN/);
    expect(await getDb().breakerTransition.count({ where: { boundaryId: id } })).toBe(1);
    expect(await getDb().review.count({ where: { boundaryId: id } })).toBe(1);
    expect(await getDb().messageValidation.count({ where: { sender: y.id, receiver: x.id, outcome: "rejected" } })).toBe(3);

    state.poison = false;
    const sent = agentY.received.length;
    const decided = await asUser(reviewer, `/api/v1/reviews/${reviewId}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", comment: "feed fixed" }) });
    expect(decided.status).toBe(200);
    await until("HALF_OPEN", async () => (await health()).breakers[y.id] === "HALF_OPEN", 60_000);
    let release!: () => void;
    state.hold = new Promise<void>((r) => (release = r));
    const probes = Array.from({ length: PROBES }, () => call());
    await until("the probes reach the agent", () => agentY.received.length === sent + PROBES);
    const extra = await call();
    expect(extra.status).toBe(503);
    expect(await reason(extra)).toBe("circuit_open");
    release();
    expect((await Promise.all(probes)).map((r) => r.status)).toEqual(Array(PROBES).fill(200));
    expect(agentY.received.length).toBe(sent + PROBES);
    expect((await call()).status).toBe(200);

    await until("the transitions are stored", async () => (await getDb().breakerTransition.count({ where: { boundaryId: id } })) === 3, 60_000);
    const transitions = await getDb().breakerTransition.findMany({ where: { boundaryId: id }, orderBy: { seq: "asc" } });
    expect(transitions.map((t) => `${t.seq}:${t.fromState}>${t.toState}`)).toEqual(["1:CLOSED>OPEN", "2:OPEN>HALF_OPEN", "3:HALF_OPEN>CLOSED"]);
    expect(await getDb().review.count({ where: { boundaryId: id } })).toBe(1);
    expect(await getDb().incident.findMany({ where: { boundaryId: id } })).toEqual([]);
  }, 240_000); // two sidecar processes start (each loads TypeScript through tsx), then a review round trip

  it("a state file whose pending reports are cut short stops the sidecar with an error naming the file (exit 2); nothing is dropped", async () => {
    const file = path.join(dir, "cut.json");
    const text = `{"version":1,"agent":"${x.id}","breakers":{},"reports":[{"specversion":"1.0","id":"evt-1","source":"${x.id}","type":"firebreak.breaker.tra`;
    writeFileSync(file, text);
    const config = path.join(dir, "cut.yaml");
    writeFileSync(config, JSON.stringify({
      agent: x.id, key: "./x.jwk.json", controlPlane, breakerStateFile: "./cut.json",
      inbound: { listen: "127.0.0.1:0", upstream: "http://127.0.0.1:9" }, outbound: { listen: "127.0.0.1:0" },
    }));
    const err = await startSidecarProcess(config, children).then(killSidecar, (e: Error) => e);
    expect(String(err)).toMatch(/sidecar exited \(2\)/);
    expect(String(err)).toContain(`breakerStateFile ${file}`);
    expect(String(err)).toMatch(/forgets the reports not yet sent/);
    expect(readFileSync(file, "utf8")).toBe(text);
  }, 90_000);
});
