// Ingest benchmark (docs/benchmarks.md#ingest): end-to-end accepted events/s against the production build, beside the two
// ceilings measured in the same run on this machine — V, raw Ed25519 verifies/s on all cores, and W, raw
// batched SQLite inserts/s — and the ratio of end to end to L = min(V, W). Target: ratio ≥ 0.5.
// With BENCH_DATABASE_URL=postgresql://… the same batches are also posted to a server on PostgreSQL (a fresh
// database on that cluster, dropped after): its events/s, the ratio to SQLite's (target ≥ 0.8) and each one's
// server CPU per event.
import { randomUUID, sign as edSign, verify as edVerify, generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { startServer } from "../support/server.ts";
import { summary } from "./bench-support.ts";
import { jsonPost, RawHttpConnection } from "./raw-http.ts";
import { migrate } from "../../lib/server/db/migrate.ts";
import { registerAgent } from "../../lib/server/agents/register-agent.ts";
import { ed25519Verifier } from "../../lib/server/keys/ed25519-verify.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { signJson, type TSigner } from "../../sdk/keys/signer.ts";
import { cloudEvent } from "../../sdk/reporter/cloud-event.ts";
import { timeOrderedId } from "../../sdk/time-ordered-id.ts";
import { setEnv } from "../support/env.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 340);
/** Of those, posted first and not counted: until V8 has optimised the hot paths, the server runs slower. */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 40);
// Batches in flight: 8 keeps both cores of this machine busy. With 4, the check workers sat idle about a
// sixth of the time while every request was in its HTTP or storage phase, and E measured the client, not
// the server. The per-request latency printed beside E shows what the queueing costs.
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** V: node:crypto async Ed25519 verify of one compact JWS, 100 in flight, for SECONDS. */
async function verifiesPerSecond(): Promise<number> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const input = Buffer.from(`${"h".repeat(60)}.${"p".repeat(400)}`);
  const signature = edSign(null, input, privateKey);
  const verifyOnce = () => new Promise<void>((resolve, reject) => edVerify(null, input, publicKey, signature, (err, ok) => (err || !ok ? reject(err) : resolve())));
  let done = 0;
  const end = Date.now() + SECONDS * 1000;
  const lane = async () => { while (Date.now() < end) { await verifyOnce(); done++; } };
  const start = performance.now();
  await Promise.all(Array.from({ length: 100 }, lane));
  return done / ((performance.now() - start) / 1000);
}

// One thread per core verifying one signature over and over, synchronously, as the server's check workers do.
const VERIFY_LOOP = `
const { parentPort, workerData } = require("node:worker_threads");
const crypto = require("node:crypto");
const sodium = require(workerData.sodiumPath);
const { privateKey, publicKey } = crypto.generateKeyPairSync("ed25519");
const raw = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
const input = Buffer.from("h".repeat(60) + "." + "p".repeat(400));
const signature = crypto.sign(null, input, privateKey);
const verify = workerData.verifier === "libsodium"
  ? () => sodium.crypto_sign_verify_detached(signature, input, raw)
  : () => crypto.verify(null, input, publicKey, signature);
let done = 0;
const start = performance.now();
while (performance.now() - start < workerData.ms) {
  for (let i = 0; i < 100; i++) if (!verify()) throw new Error("a good signature was refused");
  done += 100;
}
parentPort.postMessage(done / ((performance.now() - start) / 1000));
`;

/** Synchronous verifies/s of one verifier with one thread per core: the ceiling of the server's check workers. */
async function verifiesOnAllCores(verifier: "libsodium" | "node:crypto"): Promise<number> {
  const sodiumPath = createRequire(import.meta.url).resolve("sodium-native");
  const rates = await Promise.all(Array.from({ length: availableParallelism() }, () => new Promise<number>((resolve, reject) => {
    const worker = new Worker(VERIFY_LOOP, { eval: true, workerData: { verifier, sodiumPath, ms: SECONDS * 1000 } });
    worker.once("message", resolve);
    worker.once("error", reject);
  })));
  return rates.reduce((a, b) => a + b, 0);
}

/** W: raw better-sqlite3 inserts of one row per event (ids, source, type, time, the JWS), WAL, 100 rows a transaction. */
function insertsPerSecond(dir: string): number {
  const file = path.join(dir, "raw.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE e (seq INTEGER PRIMARY KEY, source TEXT, event_id TEXT, type TEXT, time TEXT, jws TEXT, UNIQUE(source, event_id))");
  const stmt = db.prepare("INSERT INTO e (source, event_id, type, time, jws) VALUES (?, ?, ?, ?, ?)");
  const jws = "x".repeat(700);
  const batch = db.transaction((n: number) => { for (let i = 0; i < 100; i++) stmt.run("agent-a", `evt-${n}-${i}`, "firebreak.message.validated", new Date().toISOString(), jws); });
  let rows = 0;
  const start = performance.now();
  const end = Date.now() + SECONDS * 1000;
  for (let n = 0; Date.now() < end; n++) { batch(n); rows += 100; }
  const rate = rows / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

type IdStyle = "sdk" | "random";

/**
 * BATCHES bodies of 100 message.validated events, built and signed the way the SDK builds and signs them.
 * "sdk" ids are the SDK's time-ordered UUIDv7s; "random" ids are UUIDv4s, as a client that does not sort its
 * ids by time would send (each one lands on a random page of every index it is in).
 */
async function signedBatches(agents: BenchAgent[], ids: IdStyle): Promise<string[]> {
  const newId = ids === "sdk" ? () => timeOrderedId() : () => randomUUID();
  const bodies: string[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const receiver = agents[b % agents.length];
    const sender = agents[(b + 1) % agents.length];
    const messageIds = Array.from({ length: 100 }, () => `msg-${newId()}`);
    const events = await Promise.all(messageIds.map((messageId, i) => {
      const event = cloudEvent(receiver.id, "firebreak.message.validated", {
        messageId, sender: sender.id, receiver: receiver.id, outcome: i % 10 ? "accepted" : "rejected",
        reasons: i % 10 ? [] : ["schema"], anomalyScore: 0.02, chain: [sender.id], parents: i ? [messageIds[i - 1]] : [], fanOut: 1,
      }, Date.now());
      if (ids === "random") event.id = `evt-${randomUUID()}`;
      return signJson(event, "fb-event+jws", receiver);
    }));
    bodies.push(JSON.stringify({ events }));
  }
  return bodies;
}

/** A registered bench agent: its id and the SDK's signer of its key. */
type BenchAgent = TSigner & { id: string };

async function registerBenchAgents(databaseUrl: string): Promise<BenchAgent[]> {
  setEnv({ DATABASE_URL: databaseUrl });
  const agents = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
    const r = await registerAgent({ id: `bench-${i}`, name: `Bench ${i}`, actor: "bench" });
    return { id: r.agentId, kid: r.kid, key: (await importJWK(r.privateJwk as JWK, "EdDSA")) as CryptoKey };
  }));
  await closeDb();
  return agents;
}

/**
 * Accepted events/s and each request's latency (ms): the bodies posted IN_FLIGHT at a time, each lane on a
 * keep-alive connection of its own (raw-http.ts: the client shares the two cores with the server it measures).
 */
async function endToEnd(url: string, bodies: string[]): Promise<{ rate: number; latencies: number[] }> {
  const { host, hostname, port } = new URL(url);
  const requests = bodies.map((body) => jsonPost(host, "/api/v1/events", body)); // prepared before timing
  let next = 0;
  let accepted = 0;
  const latencies: number[] = [];
  const lane = async () => {
    const connection = new RawHttpConnection(hostname, Number(port));
    try {
      while (next < requests.length) {
        const sent = performance.now();
        const { status, body } = await connection.send(requests[next++]);
        latencies.push(performance.now() - sent);
        if (status !== 207) throw new Error(`ingest answered ${status}: ${body}`);
        accepted += (JSON.parse(body) as { accepted: number }).accepted;
      }
    } finally {
      connection.close();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (performance.now() - start) / 1000;
  if (accepted !== bodies.length * 100) throw new Error(`only ${accepted} of ${bodies.length * 100} events were accepted`);
  return { rate: accepted / seconds, latencies };
}

type Measured = { rate: number; latencies: number[]; cpuUsPerEvent: number };

// The server process's CPU seconds so far (all its threads: the check workers too).
const cpuSeconds = (pid: number) =>
  readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ").slice(11, 13).reduce((a, b) => a + Number(b), 0) / 100;

/** A fresh database on the PostgreSQL cluster of BENCH_DATABASE_URL; dropped by the function it returns. */
async function freshPostgres(base: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Accepted events/s, request latencies and server CPU per event for one set of batches, posted to a fresh server on a fresh database. */
async function measure(dir: string, ids: IdStyle, postgres?: string): Promise<Measured> {
  const fresh = postgres ? await freshPostgres(postgres, `firebreak_bench_${ids}_${process.pid}`) : null;
  try {
    return await measureOn(fresh?.url ?? `file:${path.join(dir, `firebreak-${ids}.db`)}`, ids);
  } finally {
    await fresh?.drop();
  }
}

async function measureOn(databaseUrl: string, ids: IdStyle): Promise<Measured> {
  await migrate(databaseUrl);
  const bodies = await signedBatches(await registerBenchAgents(databaseUrl), ids);
  const server = await startServer({
    DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
    FIREBREAK_RATE_REQUESTS_PER_S: "1000000", FIREBREAK_RATE_REQUESTS_BURST: "1000000",
    FIREBREAK_RATE_EVENTS_PER_S: "10000000", FIREBREAK_RATE_EVENTS_BURST: "10000000",
  });
  try {
    await endToEnd(server.url, bodies.slice(0, WARM_UP)); // JIT, key import, prepared statements, worker start
    const cpu0 = cpuSeconds(server.pid);
    const measured = await endToEnd(server.url, bodies.slice(WARM_UP));
    const events = (bodies.length - WARM_UP) * 100;
    return { ...measured, cpuUsPerEvent: ((cpuSeconds(server.pid) - cpu0) / events) * 1e6 };
  } finally {
    await server.stop();
  }
}

const dir = path.resolve("data", "bench", `ingest-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  buildIfNeeded();
  // V before and after E, averaged: this VM's speed drifts by tens of percent within minutes, and a ratio of
  // figures taken at different moments would carry that drift.
  const before = await verifiesPerSecond();
  const W = insertsPerSecond(dir);
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  const { rate: E, latencies, cpuUsPerEvent } = await measure(dir, "sdk");
  // PostgreSQL right after SQLite, so the ratio of the two carries as little of the machine's drift as can be.
  const postgres = process.env.BENCH_DATABASE_URL ? await measure(dir, "sdk", process.env.BENCH_DATABASE_URL) : null;
  const after = await verifiesPerSecond();
  const V = (before + after) / 2;
  const L = Math.min(V, W);
  const { rate: random } = await measure(dir, "random");
  const server = ed25519Verifier().name as "libsodium" | "node:crypto";
  const ownV = await verifiesOnAllCores(server);
  console.log(`ingest benchmark (signed batches of 100 message.validated events, production build on 127.0.0.1; load average ${load})`);
  console.log(`  V  Ed25519 verifies/s, all cores, 100 in flight   ${fmt(V)}  (${fmt(before)} before E, ${fmt(after)} after)`);
  console.log(`  W  raw SQLite inserts/s, WAL, 100 per transaction  ${fmt(W)}`);
  console.log(`  L  min(V, W)                                       ${fmt(L)}`);
  console.log(`  E  accepted events/s end to end (${IN_FLIGHT} requests in flight, SDK ids) ${fmt(E)}`);
  console.log(`     per request of 100 events: ${summary(latencies)}`);
  console.log(`     server CPU per event: ${cpuUsPerEvent.toFixed(0)} µs`);
  if (postgres) {
    console.log(`  PostgreSQL: accepted events/s end to end (same batches, ${IN_FLIGHT} in flight) ${fmt(postgres.rate)}`);
    console.log(`     per request of 100 events: ${summary(postgres.latencies)}`);
    console.log(`     server CPU per event: ${postgres.cpuUsPerEvent.toFixed(0)} µs (${(postgres.cpuUsPerEvent / cpuUsPerEvent).toFixed(2)} × SQLite's)`);
    console.log(`  PostgreSQL / SQLite = ${(postgres.rate / E).toFixed(2)}   (target ≥ 0.80)`);
  }
  console.log(`  E / L = ${(E / L).toFixed(2)}   (target ≥ 0.50)`);
  console.log(`  with random (UUIDv4) event and message ids instead: ${fmt(random)} events/s, E / L = ${(random / L).toFixed(2)}`);
  console.log(`  the server verified with ${server}: ${fmt(ownV)} synchronous verifies/s on all cores, E / that = ${(E / ownV).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
