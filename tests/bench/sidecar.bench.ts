// npm run bench -- sidecar: a small A2A SendMessage through a sidecar pair against the same call direct, in one
// run: the latency a pair adds (p50/p95) and the messages a sidecar forwards per CPU-second (its own process time).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { buildSidecarIfNeeded } from "../../scripts/sidecar-build.ts";
import { registerAgent } from "../../lib/server/agents/register-agent.ts";
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { DEFAULT_POLICY } from "../../lib/domain/policy.ts";
import { freePort, startServer } from "../support/server.ts";
import { deadline, percentile, throwAwayDatabase } from "./bench-support.ts";
import { setEnv } from "../support/env.ts";

const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 600);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const IDLE_S = 3; // seconds the sidecars' background work is measured with no traffic
// BENCH_CPU_PROF=1 writes the sidecars' CPU profiles to /tmp/prof; BENCH_CPU_PROF=DIR to DIR.
const PROF_DIR = process.env.BENCH_CPU_PROF?.includes("/") ? process.env.BENCH_CPU_PROF : "/tmp/prof";

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
const body = (i: number) => JSON.stringify({ jsonrpc: "2.0", id: i, method: "SendMessage", params: { message: { messageId: `b-${i}`, role: "ROLE_USER", parts: [{ data: { sku: "bolt", qty: 3 } }] } } });

/** One JSON-RPC POST; resolves with the time it took (ms). */
function post(url: string, i: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const b = body(i);
    const req = http.request(url, { method: "POST", agent: keepAlive, headers: { "content-type": "application/json", "a2a-version": "1.0", "content-length": Buffer.byteLength(b) } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c)).on("end", () => (res.statusCode === 200 && text.includes('"result"') ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`))));
    });
    req.on("error", reject);
    req.end(b);
  });
}

/** CPU seconds a process has used, in user space and in the kernel, from /proc. */
function cpuSeconds(pid: number): { user: number; sys: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100 }; // utime, stime in clock ticks (100/s)
}

/** Starts a node process running `args` (a built JavaScript file and its arguments); resolves once it prints `ready` (with what it printed). */
function spawnNode(args: string[], ready: string, profile = false): Promise<ChildProcess & { log: string }> {
  const child = spawn(process.execPath, [...(profile ? ["--cpu-prof", `--cpu-prof-dir=${PROF_DIR}`] : []), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let log = "";
    child.stdout!.on("data", (d) => ((log += d), log.includes(ready) && resolve(Object.assign(child, { log }))));
    child.stderr!.on("data", (d) => (log += d));
    child.once("exit", (code) => reject(new Error(`${args[0]} exited (${code}):\n${log}`)));
  });
}
/** Starts `firebreak-sidecar --config` as its own node process, from the built bundle, as a user runs it. */
const spawnSidecar = (config: string) => spawnNode(["sidecar/bin/firebreak-sidecar.js", "--config", config], "firebreak sidecar for", Boolean(process.env.BENCH_CPU_PROF));
/** Starts a bare node:http proxy (the floor: the same hops with no Firebreak work) on `port`, forwarding to `upstream`. */
const spawnBare = (port: number, upstream: string) => spawnNode([path.join(built, "bare-proxy.js"), String(port), upstream], "listening", Boolean(process.env.BENCH_CPU_PROF));
/** Starts the A2A agent (tests/bench/a2a-agent.ts, built) in its own process; resolves with its URL. */
async function spawnAgent(): Promise<{ url: string; pid: number }> {
  const child = await spawnNode([path.join(built, "a2a-agent.js")], "\n", Boolean(process.env.BENCH_CPU_PROF));
  return { url: /listening at (\S+)/.exec(child.log)![1], pid: child.pid! };
}
// Built helpers live under node_modules/.cache, where the npm packages they import resolve from.
const built = path.resolve("node_modules", ".cache", "sidecar-bench");
/** Builds a bench helper (TypeScript) to plain JavaScript, so it runs as built code too. */
const buildHelper = (name: string) => build({ entryPoints: [`tests/bench/${name}.ts`], outfile: path.join(built, `${name}.js`), bundle: true, format: "esm", platform: "node", target: "node20", packages: "external", logLevel: "warning" });
/** "load 1.23 / 1.10 / 0.98" (1, 5 and 15 minutes): how busy the shared machine was. */
const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(" / ")}`;

type TRun = { done: number; wall: number; used: { user: number; sys: number }[] };

/** Runs IN_FLIGHT calls at a time to `url` for `seconds`, adding the calls, wall time and CPU time of `pids` to `into`. */
async function throughput(url: string, pids: number[], seconds: number, into: TRun): Promise<void> {
  const cpu0 = pids.map(cpuSeconds);
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (performance.now() < end) await post(url, into.done++);
  }));
  into.wall += (performance.now() - start) / 1000;
  pids.forEach((pid, i) => {
    const c = cpuSeconds(pid);
    into.used[i].user += c.user - cpu0[i].user;
    into.used[i].sys += c.sys - cpu0[i].sys;
  });
}

const dir = mkdtempSync(path.join(tmpdir(), "firebreak-sidecar-bench-"));
const db = await throwAwayDatabase();
const children: ChildProcess[] = [];
let stopServer = async () => {};
const cleanup = async () => {
  for (const c of children) c.kill("SIGTERM");
  await stopServer();
  db.remove();
  rmSync(dir, { recursive: true, force: true });
};
deadline(420_000, cleanup); // three pairs of latency runs and the turns take a while on a busy machine
try {
  buildIfNeeded();
  await buildSidecarIfNeeded();
  await Promise.all([buildHelper("bare-proxy"), buildHelper("a2a-agent")]);
  console.log(`before: ${load()}`);
  setEnv({ DATABASE_URL: db.url });
  const [x, y] = [await registerAgent({ id: "bench-caller", name: "Caller", actor: "bench" }), await registerAgent({ id: "bench-server", name: "Server", actor: "bench" })];
  // Caps out of the way: this measures the sidecar's own cost, not the policy's refusals.
  const policy = structuredClone(DEFAULT_POLICY);
  policy.fan_out = { ...policy.fan_out, max_messages_per_agent_per_cycle: 1_000_000, max_concurrent_fan_out: 1000 };
  await getDb().policyVersion.create({ data: { version: 1, document: JSON.stringify(policy), createdBy: "bench" } });
  await closeDb();
  const server = await startServer({ DATABASE_URL: db.url, NEXTAUTH_SECRET: "bench-secret-0123456789abcdef", FIREBREAK_RATE_REQUESTS_PER_S: "1000000", FIREBREAK_RATE_REQUESTS_BURST: "1000000", FIREBREAK_RATE_EVENTS_PER_S: "10000000", FIREBREAK_RATE_EVENTS_BURST: "10000000" });
  stopServer = server.stop;
  const agent = await spawnAgent(); // its own process: a round trip wakes the client only to send and to read the answer
  const [inY, outY, inX, outX] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const write = (name: string, o: Record<string, unknown>, key: unknown) => {
    writeFileSync(path.join(dir, `${name}.jwk.json`), JSON.stringify(key));
    const file = path.join(dir, `${name}.json`); // JSON is YAML
    writeFileSync(file, JSON.stringify({ ...o, key: `./${name}.jwk.json`, controlPlane: server.url }));
    return file;
  };
  const ySide = await spawnSidecar(write("server", { agent: y.agentId, inbound: { listen: `127.0.0.1:${inY}`, upstream: agent.url }, outbound: { listen: `127.0.0.1:${outY}` } }, y.privateJwk));
  const xSide = await spawnSidecar(write("caller", { agent: x.agentId, inbound: { listen: `127.0.0.1:${inX}`, upstream: "http://127.0.0.1:9" }, outbound: { listen: `127.0.0.1:${outX}` }, peers: { [y.agentId]: `http://127.0.0.1:${inY}` } }, x.privateJwk));
  const [bare1, bare2] = [await freePort(), await freePort()];
  const bares = [await spawnBare(bare2, agent.url), await spawnBare(bare1, `http://127.0.0.1:${bare2}`)];
  const direct = `${agent.url}/a2a/jsonrpc`;
  const via = `http://127.0.0.1:${outX}/peers/${y.agentId}/a2a/jsonrpc`;
  const viaBare = `http://127.0.0.1:${bare1}/a2a/jsonrpc`;
  await new Promise((r) => setTimeout(r, 1500)); // the sidecars fetch the policy
  for (let i = 0; i < 200; i++) await Promise.all([post(direct, i), post(via, i), post(viaBare, i)]); // JIT, keys, connections

  // Latency: one call at a time, direct, through the bare pair and through the sidecar pair taking turns, so all see the same machine.
  const lat = { direct: [] as number[], via: [] as number[], bare: [] as number[] };
  for (let i = 0; i < ROUND_TRIPS; i++) {
    lat.direct.push(await post(direct, i));
    lat.bare.push(await post(viaBare, i));
    lat.via.push(await post(via, i));
  }
  // Throughput: IN_FLIGHT calls at a time through each pair for SECONDS; each proxy's own CPU time is measured.
  // One-second turns, bare pair then sidecar pair, so both see the same machine (its load drifts by the minute).
  // What each sidecar spends with no traffic at all (directive polls, key-set refreshes, timers), per second: on a
  // busy machine few messages get through, and this background share would otherwise be counted per message.
  const idlePids = [xSide.pid!, ySide.pid!];
  const idle0 = idlePids.map(cpuSeconds);
  const idleStart = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleWall = (performance.now() - idleStart) / 1000;
  const idlePerS = idlePids.map((pid, i) => {
    const c = cpuSeconds(pid);
    return (c.user + c.sys - idle0[i].user - idle0[i].sys) / idleWall;
  });
  const run = (): TRun => ({ done: 0, wall: 0, used: [{ user: 0, sys: 0 }, { user: 0, sys: 0 }] });
  const [floor, sidecars] = [run(), run()];
  for (let turn = 0; turn < SECONDS; turn++) {
    await throughput(viaBare, bares.map((b) => b.pid!), 1, floor);
    await throughput(via, [xSide.pid!, ySide.pid!], 1, sidecars);
  }
  const { done, wall, used } = sidecars;
  const cpu = used.map((c) => c.user + c.sys);

  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  const [d50, d95, v50, v95] = [percentile(lat.direct, 50), percentile(lat.direct, 95), percentile(lat.via, 50), percentile(lat.via, 95)];
  const perCore = [done / cpu[0], done / cpu[1]];
  const worst = Math.min(...perCore);
  console.log(`round trip, one at a time (n = ${ROUND_TRIPS} each):`);
  console.log(`  direct            p50 ${f(d50)} · p95 ${f(d95)}`);
  const [b50, b95] = [percentile(lat.bare, 50), percentile(lat.bare, 95)];
  console.log(`  via bare proxies  p50 ${f(b50)} · p95 ${f(b95)}   (two node:http proxies doing nothing else: the floor of the hops)`);
  console.log(`  via sidecar pair  p50 ${f(v50)} · p95 ${f(v95)}`);
  console.log(`  added by the pair p50 ${f(v50 - d50)} · p95 ${f(v95 - d95)}   (goal ≤ 2 ms p50: ${((v50 - d50) / 2).toFixed(2)} of it; the bare pair adds ${f(b50 - d50)})`);
  console.log(`throughput, ${IN_FLIGHT} in flight for ${wall.toFixed(1)} s: ${(done / wall).toFixed(0)} msgs/s through the pair (client, agent and both sidecars share the machine)`);
  const split = (i: number) => `${cpu[i].toFixed(2)} CPU-s (${((100 * used[i].sys) / cpu[i]).toFixed(0)} % in the kernel)`;
  console.log(`  caller's sidecar: ${split(0)} → ${perCore[0].toFixed(0)} msgs per CPU-second`);
  console.log(`  server's sidecar: ${split(1)} → ${perCore[1].toFixed(0)} msgs per CPU-second`);
  console.log(`  per core (the busier sidecar): ${worst.toFixed(0)} msgs/s (goal ≥ 1,500: ratio ${(worst / 1500).toFixed(2)})`);
  const floorCpu = floor.used.map((c) => c.user + c.sys);
  const floorPerCore = Math.min(...floorCpu.map((c) => floor.done / c));
  console.log(`  bare proxy pair, in turns with it: ${(floor.done / floor.wall).toFixed(0)} msgs/s, ${floorPerCore.toFixed(0)} msgs per CPU-second (the floor); sidecar / floor ${(worst / floorPerCore).toFixed(2)}`);
  console.log(`  CPU per message: sidecar ${(1e6 / worst).toFixed(0)} µs, bare proxy ${(1e6 / floorPerCore).toFixed(0)} µs → Firebreak's own work ${(1e6 / worst - 1e6 / floorPerCore).toFixed(0)} µs`);
  const busyPerMsg = cpu.map((c, i) => (1e6 * Math.max(0, c - idlePerS[i] * wall)) / done);
  console.log(`  with no traffic a sidecar spends ${idlePerS.map((s) => `${(1000 * s).toFixed(1)}`).join(" / ")} ms CPU per second (polls, key sets, timers); without it, per message: ${busyPerMsg.map((u) => u.toFixed(0)).join(" / ")} µs → ${(1e6 / Math.max(...busyPerMsg)).toFixed(0)} msgs per CPU-second, sidecar / floor ${(1e6 / Math.max(...busyPerMsg) / floorPerCore).toFixed(2)}`);
  console.log(`after: ${load()}`);
} finally {
  await cleanup();
}
process.exit(0);
