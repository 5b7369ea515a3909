import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

const controlPlane = inject("baseUrl");
const dir = mkdtempSync(path.join(tmpdir(), "sidecar-restart-"));
let admin: TestSession, reviewer: TestSession;
let restore: () => Promise<unknown>;
let x: TestAgent, y: TestAgent;
let agentY: TA2aAgent, sideY: TRunningSidecar;
let sideX: ChildProcess | undefined;
const children: ChildProcess[] = [];
let outboundX = "";
const state = { poison: false };

const startX = (config: string) => startSidecarProcess(config, children);
const kill = killSidecar;

let n = 0;
const call = () => fetch(`${outboundX}/peers/${y.id}/a2a/jsonrpc`, {
  method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" },
  body: JSON.stringify({ jsonrpc: "2.0", id: ++n, method: "SendMessage", params: { message: { messageId: `r-${n}`, role: "ROLE_USER", parts: [{ data: { sku: "bolt" } }] } } }),
});
const reason = async (res: Response) => ((await res.json()) as { error: { data: { firebreak: { reason: string } } } }).error.data.firebreak.reason;

beforeAll(async () => {
  [admin, reviewer] = await Promise.all([sessionAs("admin"), sessionAs("reviewer")]);
  const kept = await keepPolicy(admin);
  restore = kept.restore;
  const policy = kept.policy;
  policy.breaker = { ...policy.breaker, failure_threshold: 3, reset_timeout_s: 1, half_open_max_probes: 1, required_approvals: 1 };
  policy.fan_out = { ...policy.fan_out, cooldown_after_trip_s: 1, max_messages_per_agent_per_cycle: 1000, max_concurrent_fan_out: 10 };
  const version = await savePolicy(admin, policy);
  [x, y] = [await createTestAgent("scr-x"), await createTestAgent("scr-y")];
  agentY = await startA2aAgent("prices", () => ({ data: { price: state.poison ? -5 : 10 } }));
  sideY = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url });
  await policyReached(version, sideY);
  writeFileSync(path.join(dir, "x.jwk.json"), JSON.stringify(x.privateJwk));
  writeFileSync(path.join(dir, "price.json"), JSON.stringify({ type: "object", properties: { price: { type: "number", minimum: 0 } } }));
  const [inX, outX] = [await freePort(), await freePort()];
  outboundX = `http://127.0.0.1:${outX}`;
  writeFileSync(path.join(dir, "x.yaml"), JSON.stringify({
    agent: x.id, key: "./x.jwk.json", controlPlane, pollIntervalMs: 200, breakerStateFile: "./breakers.json",
    inbound: { listen: `127.0.0.1:${inX}`, upstream: "http://127.0.0.1:9" }, outbound: { listen: `127.0.0.1:${outX}` },
    peers: { [y.id]: sideY.inboundUrl }, validators: [{ from: y.id, jsonSchema: "./price.json" }],
  }));
});
afterAll(async () => {
  await Promise.all(children.map(kill));
  await Promise.all([sideY?.close(), agentY?.close()]);
  await restore?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("sidecar: breaker state survives a restart", () => {
  it("a boundary tripped before the sidecar process is killed is still OPEN after it starts again (503, nothing sent) until a person approves; the seqs carry on", async () => {
    const config = path.join(dir, "x.yaml");
    sideX = await startX(config);
    expect((await call()).status).toBe(200);
    state.poison = true;
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(422);
    const open = await call();
    expect(open.status).toBe(503);
    expect(await reason(open)).toBe("circuit_open");
    expect(existsSync(path.join(dir, "breakers.json"))).toBe(true);
    // The trip reached the control plane before the kill (sidecar-durable-reports.test.ts: when it could not).
    const id = boundaryId(y.id, x.id);
    const reviewId = await pendingReview(reviewer, id);

    // The feed is fixed, but nobody has approved: a sidecar that forgot the trip would let the next call through.
    state.poison = false;
    await kill(sideX);
    sideX = await startX(config);
    const sent = agentY.received.length;
    await new Promise((r) => setTimeout(r, 1_500)); // past the cooldown: only an approval may reopen the door
    const stillOpen = await call();
    expect(stillOpen.status).toBe(503);
    expect(await reason(stillOpen)).toBe("circuit_open");
    expect(agentY.received.length).toBe(sent);

    const decided = await asUser(reviewer, `/api/v1/reviews/${reviewId}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", comment: "feed fixed" }) });
    expect(decided.status).toBe(200);
    await until("the approval lets a probe through", async () => (await call()).status === 200, 60_000);
    expect(agentY.received.length).toBe(sent + 1);
    expect((await call()).status).toBe(200);

    await until("the restarted sidecar's transitions are stored", async () => (await getDb().breakerTransition.count({ where: { boundaryId: id } })) === 3, 60_000);
    const transitions = await getDb().breakerTransition.findMany({ where: { boundaryId: id }, orderBy: { seq: "asc" } });
    expect(transitions.map((t) => `${t.seq}:${t.fromState}>${t.toState}`)).toEqual(["1:CLOSED>OPEN", "2:OPEN>HALF_OPEN", "3:HALF_OPEN>CLOSED"]);
  }, 180_000); // two sidecar processes start (each loads TypeScript through tsx), then a review round trip

  it("a corrupt breaker-state file stops the sidecar with an error naming the file (exit 2), and the file is left for the operator", async () => {
    const file = path.join(dir, "corrupt.json");
    writeFileSync(file, '{"version":1,"agent":');
    const config = path.join(dir, "corrupt.yaml");
    writeFileSync(config, JSON.stringify({
      agent: x.id, key: "./x.jwk.json", controlPlane, breakerStateFile: "./corrupt.json",
      inbound: { listen: "127.0.0.1:0", upstream: "http://127.0.0.1:9" }, outbound: { listen: "127.0.0.1:0" },
    }));
    const err = await startX(config).then(kill, (e: Error) => e);
    expect(String(err)).toMatch(/sidecar exited \(2\)/);
    expect(String(err)).toContain(`breakerStateFile ${file}`);
  }, 90_000);
});
