// npm run bench -- directives — 10,000 agents hold a directive long poll against one replica (production
// build, SQLite); prints how fast a directive queued for a random agent reaches it, the server's memory, and
// what an idle agent costs the server (CPU, database writes). Loopback only; bounded in time.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { Agent as HttpAgent, request } from "node:http";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { generateEd25519Jwk } from "../../lib/server/keys/jwk.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { requestToken } from "../../sdk/control/request-token.ts";
import { loadSigner } from "../../sdk/keys/signer.ts";
import { backoffDelay } from "../../sdk/reporter/backoff.ts";
import { freePort, startServer } from "../support/server.ts";
import { connectInspector, type Memory } from "./server-inspector.ts";
import { deadline, percentile, throwAwayDatabase } from "./bench-support.ts";
import { setEnv } from "../support/env.ts";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 10_000);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 40);
const WAIT_S = 30;
const IDLE_WINDOW_MS = Number(process.env.BENCH_IDLE_MS ?? 25_000);
/** Agents connecting at once during the ramp. */
const RAMP_BATCH = Number(process.env.BENCH_RAMP_BATCH ?? 250);

buildIfNeeded();
const started = performance.now();
const loadAtStart = loadavg();
const db = await throwAwayDatabase();
setEnv({ DATABASE_URL: db.url });
// The server is inspected (bench only): a forced full collection tells live data from garbage not yet collected.
const inspectPort = await freePort();
process.env.SERVER_NODE_ARGS = `${process.env.SERVER_NODE_ARGS ?? ""} --inspect=127.0.0.1:${inspectPort}`.trim();
const server = await startServer({ DATABASE_URL: db.url, NEXTAUTH_SECRET: "bench-secret-0123456789-0123456789", FIREBREAK_RATE_REQUESTS_PER_S: "1000000", FIREBREAK_RATE_REQUESTS_BURST: "1000000" });
const inspector = await connectInspector(inspectPort);
/** BENCH_HEAP_SNAPSHOTS=<dir>: heap snapshots of the server with no agent and with every agent holding a poll. */
const snapshots = process.env.BENCH_HEAP_SNAPSHOTS;
const stopAll = async () => {
  inspector.close();
  await server.stop();
  await closeDb();
  db.remove();
};
deadline(Number(process.env.BENCH_DEADLINE_S ?? 360) * 1000, stopAll);
// Whatever ends the run (an error, Ctrl-C, a timeout's SIGTERM), the server goes with it.
const bail = (why: unknown) => {
  console.error(`benchmark stopped: ${why instanceof Error ? why.message : String(why)}`);
  void stopAll().finally(() => process.exit(2));
};
process.once("uncaughtException", bail).once("unhandledRejection", bail).once("SIGINT", bail).once("SIGTERM", bail);

// The agents, their keys, and one boundary into each delivery target (force-open needs a boundary to act on).
console.log(`registering ${AGENTS} agents …`);
const ids = Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i}`);
const keys = await Promise.all(ids.map(() => generateEd25519Jwk()));
const prisma = getDb();
for (let i = 0; i < AGENTS; i += 2_000) {
  await prisma.agent.createMany({ data: ids.slice(i, i + 2_000).map((id) => ({ id, name: id })) });
  await prisma.agentKey.createMany({ data: ids.slice(i, i + 2_000).map((id, j) => ({ kid: keys[i + j].publicJwk.kid, agentId: id, publicJwk: JSON.stringify(keys[i + j].publicJwk) })) });
}
const targets = Array.from({ length: DELIVERIES }, (_, i) => Math.floor(((i + 0.5) / DELIVERIES) * AGENTS));
await prisma.boundary.createMany({ data: targets.map((t) => ({ id: boundaryId("bench-agent-src", ids[t]), sender: "bench-agent-src", receiver: ids[t] })) });
await createUser({ email: "bench-security@example.test", password: "bench-password-0123", role: "security", actor: "bench" });
const cookie = await signIn(server.url, "bench-security@example.test", "bench-password-0123");

// Each agent: ask, wait at the server, answer arrives (a directive, or empty at the deadline), ask again.
const http = new HttpAgent({ keepAlive: true, maxSockets: Infinity });
const signers = keys.map((k) => loadSigner(k.privateJwk));
const cursors: string[] = ids.map(() => "0");
const arrivals = new Map<number, number>();
const answered = new Set<number>();
let polls = 0;
let connected = 0;
let stopping = false;
let errors = 0;
const errorKinds = new Map<string, number>();
const replicaOf: (string | undefined)[] = ids.map(() => undefined);

function get(i: number, token: string, wait: number): Promise<{ status: number; body: string; replica?: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${server.url}/api/v1/agents/${ids[i]}/directives?after=${cursors[i]}&wait=${wait}`);
    const req = request(url, { agent: http, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, replica: res.headers["firebreak-replica"] as string | undefined }));
    });
    req.on("error", reject);
    req.end();
  });
}

// Each agent connects with a poll that is answered at once (wait=0), then long-polls. The ramp starts the next
// batch only when the last one has been answered: it goes as fast as the server takes new agents, instead of
// piling connections into its accept queue (511 for next start) faster than it accepts them.
async function agentLoop(i: number, first: () => void) {
  let announced = false;
  let failures = 0;
  while (!stopping) {
    // Like the SDK: the token names the replica that answered last, so its jti is spent in that replica's memory.
    const token = await requestToken(ids[i], await signers[i](), Date.now(), replicaOf[i]);
    const pending = get(i, token, announced ? WAIT_S : 0);
    connected += announced ? 0 : 1;
    try {
      const { status, body, replica } = await pending;
      replicaOf[i] = replica;
      polls++;
      if (status !== 200) throw new Error(`HTTP ${status} ${body.slice(0, 160)}`);
      const payload = JSON.parse(Buffer.from(body.split(".")[1], "base64url").toString()) as { directives: unknown[]; cursor: string };
      if (payload.directives.length) arrivals.set(i, performance.now());
      answered.add(i);
      failures = 0;
      if (!announced) {
        announced = true;
        first();
      }
      cursors[i] = payload.cursor;
    } catch (err) {
      if (stopping) return; // the server is being stopped
      const kind = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      if (errors++ === 0) console.error(`first request error: ${kind}`);
      // As the SDK's poller does: back off, doubling, drawn at random (so a storm of resets does not repeat itself).
      await new Promise((r) => setTimeout(r, backoffDelay(++failures, 2_000, 60_000, Math.random)));
    }
  }
}

const cpu = () => readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ").slice(11, 13).reduce((a, b) => a + Number(b), 0) / 100;
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) / 1024;
const jtis = () => prisma.usedJti.count();
// Connections the server's listening socket has completed but not yet accepted (its accept queue), and its limit.
const port = new URL(server.url).port;
const acceptQueue = () => execFileSync("ss", ["-ltnH", `sport = :${port}`], { encoding: "utf8" }).trim().split(/\s+/).slice(1, 3).join(" of ");
const sampler = setInterval(() => {
  console.log(`  ${String(Math.round((performance.now() - started) / 1000)).padStart(4)} s  sent ${connected}  answered ${answered.size}  errors ${errors}  accept queue ${acceptQueue()}  server CPU ${cpu().toFixed(1)} s`);
}, 5_000);

// The replica's own background work (audit appender, sweeps, workers) with no agent connected: subtracted from
// the idle window's CPU, so "per poll" is what polls cost, not what the replica spends anyway.
const BASELINE_MS = Number(process.env.BENCH_BASELINE_MS ?? 15_000);
const [base0, baseT0] = [cpu(), performance.now()];
await new Promise((r) => setTimeout(r, BASELINE_MS));
const baselineCpuPerS = (cpu() - base0) / ((performance.now() - baseT0) / 1000);
const rssNone = rssMb();
const memNone = await inspector.memory();
if (snapshots) writeFileSync(`${snapshots}/directives-0.smaps`, readFileSync(`/proc/${server.pid}/smaps`));
if (snapshots && !process.env.BENCH_NO_HEAP) await inspector.heapSnapshot(`${snapshots}/directives-0.heapsnapshot`);

console.log(`connecting ${AGENTS} agents, ${RAMP_BATCH} at a time …`);
const [rampCpu0, rampT0] = [cpu(), performance.now()];
for (let i = 0; i < AGENTS; i += RAMP_BATCH) {
  await Promise.all(ids.slice(i, i + RAMP_BATCH).map((_, j) => new Promise<void>((resolve) => void agentLoop(i + j, resolve))));
}
const rampS = (performance.now() - rampT0) / 1000;
// Steady state: every agent has had its first answer (so its tokens now name the replica) and waits again.
for (let w = 0; w < 90 && answered.size < AGENTS; w++) await new Promise((r) => setTimeout(r, 1_000));
const firstPollCpuMs = ((cpu() - rampCpu0) / Math.max(1, polls + connected)) * 1000;
clearInterval(sampler);

// Idle: nothing is queued; what does holding 10,000 agents cost?
const [cpu0, jti0, t0, polls0] = [cpu(), await jtis(), performance.now(), polls];
await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
const [cpu1, jti1, t1, polls1] = [cpu(), await jtis(), performance.now(), polls];
const minutes = (t1 - t0) / 60_000;
const rssIdle = rssMb();
const held = answered.size;
const memHeld = await inspector.memory();
if (snapshots) writeFileSync(`${snapshots}/directives-${held}.smaps`, readFileSync(`/proc/${server.pid}/smaps`));
if (snapshots && !process.env.BENCH_NO_HEAP) await inspector.heapSnapshot(`${snapshots}/directives-${held}.heapsnapshot`);
const perAgentKb = (mb: number) => ((mb * 1024) / Math.max(1, held)).toFixed(1);
const memLine = (m: Memory) => `heap used ${Math.round(m.heapUsed)} of ${Math.round(m.heapTotal)} MB, external ${Math.round(m.external)} MB`;

console.log(`idle window measured; ${answered.size} agents answered at least once, ${errors} request errors`);
// Deliveries: force-open a boundary into a random waiting agent; time until its held request answers.
const latencies: number[] = [];
for (const t of targets) {
  arrivals.delete(t);
  const sent = performance.now();
  try {
    const res = await fetch(`${server.url}/api/v1/boundaries/${boundaryId("bench-agent-src", ids[t])}/force-open`, {
      method: "POST", headers: { cookie, origin: server.url, "content-type": "application/json" }, body: JSON.stringify({ reason: "bench" }),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status} ${await res.text()}`);
  } catch (err) {
    console.error(`force-open failed (counted as never arriving): ${(err as Error).message}`);
  }
  for (let w = 0; w < 100 && !arrivals.has(t); w++) await new Promise((r) => setTimeout(r, 50));
  latencies.push(arrivals.has(t) ? arrivals.get(t)! - sent : Number.POSITIVE_INFINITY);
}

console.log(`
  ramp                         ${AGENTS.toLocaleString("en")} agents connected in ${rampS.toFixed(0)} s (${Math.round(AGENTS / rampS)}/s)
  agents holding a long poll   ${answered.size} of ${AGENTS} answered at least once  (wait ${WAIT_S} s; ramp in batches of ${RAMP_BATCH}; request errors ${errors})
  server RSS                   ${Math.round(rssIdle)} MB  (goal ≤ 1,024 MB); ${Math.round(rssNone)} MB with no agent: ${perAgentKb(rssIdle - rssNone)} KB per held poll
  server heap, no agent        ${memLine(memNone.before)}; after a full collection ${memLine(memNone.afterGc)}, RSS ${Math.round(memNone.afterGc.rss)} MB
  server heap, ${String(held).padEnd(6)} held     ${memLine(memHeld.before)}; after a full collection ${memLine(memHeld.afterGc)}, RSS ${Math.round(memHeld.afterGc.rss)} MB
  live heap per held poll      ${perAgentKb(memHeld.afterGc.heapUsed - memNone.afterGc.heapUsed)} KB after a full collection (${perAgentKb(memHeld.before.heapUsed - memNone.before.heapUsed)} KB before it: the rest is garbage not yet collected)
  idle cost per agent          ${(((cpu1 - cpu0 - baselineCpuPerS * ((t1 - t0) / 1000)) / minutes / AGENTS) * 1000).toFixed(2)} ms of server CPU a minute net of the background work (${(((cpu1 - cpu0) / minutes / AGENTS) * 1000).toFixed(2)} gross); ${((jti1 - jti0) / minutes / AGENTS).toFixed(2)} database writes a minute (its request token's single-use id)
  server CPU with no agents    ${(baselineCpuPerS * 1000).toFixed(0)} ms a second (background work; measured for ${BASELINE_MS / 1000} s before connecting)
  server CPU per poll          ${(((cpu1 - cpu0 - baselineCpuPerS * ((t1 - t0) / 1000)) / Math.max(1, polls1 - polls0)) * 1000).toFixed(2)} ms idle, net of that (${(((cpu1 - cpu0) / Math.max(1, polls1 - polls0)) * 1000).toFixed(2)} ms gross; ${polls1 - polls0} polls answered in ${((t1 - t0) / 1000).toFixed(0)} s) · ${firstPollCpuMs.toFixed(2)} ms a request during the ramp and settling (first polls write their jti)
  directive → agent            p50 ${Math.round(percentile(latencies, 50))} ms · p95 ${Math.round(percentile(latencies, 95))} ms · max ${Math.round(Math.max(...latencies))} ms (n = ${latencies.length}; goal p95 ≤ 1,000 ms)
  slowest deliveries           ${[...latencies].sort((a, b) => b - a).slice(0, 5).map((l) => `${Math.round(l)} ms`).join(", ")} (a directive that misses the held request waits for the agent's next poll: up to ${WAIT_S} s)
  tokens naming a replica       ${replicaOf.filter(Boolean).length} of ${AGENTS} agents
  request errors by kind        ${[...errorKinds].map(([k, n]) => `${k} × ${n}`).join(", ") || "none"}
  machine load average         ${loadAtStart.map((l) => l.toFixed(2)).join(" / ")} at the start, ${loadavg().map((l) => l.toFixed(2)).join(" / ")} at the end (1 / 5 / 15 min; 2 cores)
  the run took                 ${Math.round((performance.now() - started) / 1000)} s
  plain polling every 2 s would be ${(AGENTS / 2).toLocaleString("en")} requests/s; long polling asks ${((polls1 - polls0) / ((t1 - t0) / 1000)).toFixed(0)}/s
`);
stopping = true;
http.destroy();
await stopAll();
process.exit(0);

async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  return [...jar, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}
