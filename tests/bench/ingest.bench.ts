// Ingest benchmark (docs/benchmarks.md#ingest): end-to-end accepted events/s against the production build, beside the two
// ceilings measured in the same run on this machine — V, raw Ed25519 verifies/s on all cores, and W, raw
// batched SQLite inserts/s — and the ratio of end to end to L = min(V, W). Target: ratio ≥ 0.5.
// E is measured in short rounds. With BENCH_DATABASE_URL=postgresql://… a server on PostgreSQL (a fresh database
// on that cluster, dropped after) runs beside the SQLite one and the rounds alternate, SQLite then PostgreSQL,
// same sizes: each round's events/s, the ratio of each pair and their median (target ≥ 0.8), and each side's
// server CPU per event (PostgreSQL's backends' too).
import { randomUUID, sign as edSign, verify as edVerify, generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
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
/** Batches of the random-ids run. */
const BATCHES = Number(process.env.BENCH_BATCHES ?? 340);
// E (and PostgreSQL's figure beside it) in ROUNDS rounds of ROUND_BATCHES batches, alternating SQLite and PostgreSQL.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_BATCHES = Number(process.env.BENCH_ROUND_BATCHES ?? 50);
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
 * `batches` bodies of 100 message.validated events, built and signed the way the SDK builds and signs them.
 * "sdk" ids are the SDK's time-ordered UUIDv7s; "random" ids are UUIDv4s, as a client that does not sort its
 * ids by time would send (each one lands on a random page of every index it is in).
 */
async function signedBatches(agents: BenchAgent[], ids: IdStyle, batches: number): Promise<string[]> {
  const newId = ids === "sdk" ? () => timeOrderedId() : () => randomUUID();
  const bodies: string[] = [];
  for (let b = 0; b < batches; b++) {
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

// CPU seconds so far of one process (all its threads: the server's check workers too).
const cpuSeconds = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ").slice(11, 13).reduce((a, b) => a + Number(b), 0) / 100;
  } catch {
    return 0; // a PostgreSQL backend that has exited
  }
};

/** A fresh database on the PostgreSQL cluster of BENCH_DATABASE_URL; dropped by the function it returns. */
async function freshPostgres(base: string, name: string): Promise<{ url: string; backends: () => Promise<number[]>; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // The backends serving the server's pool: their CPU is PostgreSQL's share of the work (SQLite's is in the server).
    backends: async () => (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name])).rows.map((r) => r.pid),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A server on a fresh, migrated database, with the signed bodies still to post. */
type Side = {
  name: string;
  url: string;
  pid: number;
  bodies: string[];
  /** CPU seconds so far of the database's own processes (PostgreSQL's backends; none for SQLite). */
  dbCpu: () => Promise<number>;
  stop: () => Promise<void>;
};

/** Starts a server on a fresh database (SQLite in dir, or one on the cluster of `postgres`) and signs `batches` bodies for it. */
async function startSide(name: string, dir: string, ids: IdStyle, batches: number, postgres?: string): Promise<Side> {
  const fresh = postgres ? await freshPostgres(postgres, `firebreak_bench_${ids}_${process.pid}`) : null;
  const databaseUrl = fresh?.url ?? `file:${path.join(dir, `firebreak-${ids}.db`)}`;
  try {
    await migrate(databaseUrl);
    const bodies = await signedBatches(await registerBenchAgents(databaseUrl), ids, batches);
    const server = await startServer({
      DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
      FIREBREAK_RATE_REQUESTS_PER_S: "1000000", FIREBREAK_RATE_REQUESTS_BURST: "1000000",
      FIREBREAK_RATE_EVENTS_PER_S: "10000000", FIREBREAK_RATE_EVENTS_BURST: "10000000",
    });
    // The backends' CPU, summed over every one seen so far: one that has exited (the pool closes a connection
    // idle for 10 s, as it may be while the SQLite round runs) counts with the CPU it had when last seen.
    const last = new Map<number, number>();
    const dbCpu = async () => {
      if (!fresh) return 0;
      for (const pid of await fresh.backends()) if (!last.has(pid)) last.set(pid, 0);
      for (const pid of last.keys()) last.set(pid, Math.max(last.get(pid)!, cpuSeconds(pid)));
      return [...last.values()].reduce((a, b) => a + b, 0);
    };
    return {
      name, url: server.url, pid: server.pid, bodies, dbCpu,
      stop: async () => {
        await server.stop();
        await fresh?.drop();
      },
    };
  } catch (err) {
    await fresh?.drop();
    throw err;
  }
}

/** Posts the first WARM_UP batches, not counted: JIT, key import, prepared statements, worker start. */
async function warmUp(side: Side) {
  await endToEnd(side.url, side.bodies.splice(0, WARM_UP));
}

type Round = Measured & { events: number; seconds: number; dbCpuUsPerEvent: number };

/** Posts the next `batches` of a side's bodies: accepted events/s, latencies, server (and database) CPU per event. */
async function round(side: Side, batches: number): Promise<Round> {
  const bodies = side.bodies.splice(0, batches);
  const cpu0 = cpuSeconds(side.pid);
  const db0 = await side.dbCpu();
  const start = performance.now();
  const measured = await endToEnd(side.url, bodies);
  const seconds = (performance.now() - start) / 1000;
  const events = bodies.length * 100;
  return {
    ...measured, events, seconds,
    cpuUsPerEvent: ((cpuSeconds(side.pid) - cpu0) / events) * 1e6,
    dbCpuUsPerEvent: (((await side.dbCpu()) - db0) / events) * 1e6,
  };
}

/** The rounds of one side taken together: events/s over all of them, every latency, CPU per event. */
function overall(rounds: Round[]): Round {
  const events = rounds.reduce((a, r) => a + r.events, 0);
  const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
  const weighted = (f: (r: Round) => number) => rounds.reduce((a, r) => a + f(r) * r.events, 0) / events;
  return {
    events, seconds, rate: events / seconds, latencies: rounds.flatMap((r) => r.latencies),
    cpuUsPerEvent: weighted((r) => r.cpuUsPerEvent), dbCpuUsPerEvent: weighted((r) => r.dbCpuUsPerEvent),
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Accepted events/s, request latencies and server CPU per event for one set of batches, posted to a fresh server on a fresh database. */
async function measure(dir: string, ids: IdStyle): Promise<Measured> {
  const side = await startSide("SQLite", dir, ids, BATCHES);
  try {
    await warmUp(side);
    return await round(side, side.bodies.length);
  } finally {
    await side.stop();
  }
}

/**
 * SQLite and PostgreSQL (when `postgres` is given) in alternating rounds of ROUND_BATCHES each, both servers
 * up the whole time: this VM's speed drifts by tens of percent within minutes, so each PostgreSQL round is
 * compared with the SQLite round just before it rather than with one measured minutes apart.
 */
async function alternating(dir: string, postgres: string | undefined) {
  const batches = WARM_UP + ROUNDS * ROUND_BATCHES;
  const sqlite = await startSide("SQLite", dir, "sdk", batches);
  const pgSide = postgres ? await startSide("PostgreSQL", dir, "sdk", batches, postgres).catch(async (err) => { await sqlite.stop(); throw err; }) : null;
  try {
    // Each warmed up right before the rounds, not once started: SQLite would otherwise idle through
    // PostgreSQL's start and run its first round cold.
    await warmUp(sqlite);
    if (pgSide) await warmUp(pgSide);
    const rounds: { sqlite: Round; pg: Round | null }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const s = await round(sqlite, ROUND_BATCHES);
      rounds.push({ sqlite: s, pg: pgSide ? await round(pgSide, ROUND_BATCHES) : null });
    }
    return rounds;
  } finally {
    await Promise.all([sqlite.stop(), pgSide?.stop()]);
  }
}

const dir = path.resolve("data", "bench", `ingest-${process.pid}`);
mkdirSync(dir, { recursive: true });
const loadNow = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
try {
  buildIfNeeded();
  // V before and after E, averaged: this VM's speed drifts by tens of percent within minutes, and a ratio of
  // figures taken at different moments would carry that drift.
  const before = await verifiesPerSecond();
  const W = insertsPerSecond(dir);
  const loadBefore = loadNow();
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  const rounds = await alternating(dir, postgresUrl);
  const loadAfter = loadNow();
  const sqlite = overall(rounds.map((r) => r.sqlite));
  const E = sqlite.rate;
  const after = await verifiesPerSecond();
  const V = (before + after) / 2;
  const L = Math.min(V, W);
  const { rate: random } = await measure(dir, "random");
  const server = ed25519Verifier().name as "libsodium" | "node:crypto";
  const ownV = await verifiesOnAllCores(server);
  console.log(`ingest benchmark (signed batches of 100 message.validated events, production build on 127.0.0.1; load average ${loadBefore} before the rounds, ${loadAfter} after)`);
  console.log(`  V  Ed25519 verifies/s, all cores, 100 in flight   ${fmt(V)}  (${fmt(before)} before E, ${fmt(after)} after)`);
  console.log(`  W  raw SQLite inserts/s, WAL, 100 per transaction  ${fmt(W)}`);
  console.log(`  L  min(V, W)                                       ${fmt(L)}`);
  console.log(`  E  accepted events/s end to end (${IN_FLIGHT} requests in flight, SDK ids, ${ROUNDS} rounds of ${ROUND_BATCHES} batches) ${fmt(E)}`);
  console.log(`     per request of 100 events: ${summary(sqlite.latencies)}`);
  console.log(`     server CPU per event: ${sqlite.cpuUsPerEvent.toFixed(0)} µs`);
  if (postgresUrl) {
    const pgAll = overall(rounds.map((r) => r.pg!));
    const ratios = rounds.map((r) => r.pg!.rate / r.sqlite.rate);
    const us = (n: number) => `${n.toFixed(0)} µs`;
    console.log(`  PostgreSQL: accepted events/s end to end (same sizes, ${IN_FLIGHT} in flight, alternating with SQLite round by round) ${fmt(pgAll.rate)}`);
    console.log(`     per request of 100 events: ${summary(pgAll.latencies)}`);
    console.log(`     server CPU per event: ${us(pgAll.cpuUsPerEvent)} (${(pgAll.cpuUsPerEvent / sqlite.cpuUsPerEvent).toFixed(2)} × SQLite's); ` +
      `PostgreSQL's backends: ${us(pgAll.dbCpuUsPerEvent)}, together ${((pgAll.cpuUsPerEvent + pgAll.dbCpuUsPerEvent) / sqlite.cpuUsPerEvent).toFixed(2)} × SQLite's server`);
    console.log(`  round   SQLite events/s  CPU/event   PostgreSQL events/s  CPU/event (+ backends)   PostgreSQL / SQLite`);
    rounds.forEach((r, i) => console.log(`  ${String(i + 1).padStart(5)}   ${fmt(r.sqlite.rate).padStart(15)}  ${us(r.sqlite.cpuUsPerEvent).padStart(9)}   ` +
      `${fmt(r.pg!.rate).padStart(19)}  ${`${us(r.pg!.cpuUsPerEvent)} (+ ${us(r.pg!.dbCpuUsPerEvent)})`.padStart(22)}   ${ratios[i].toFixed(2).padStart(19)}`));
    const reached = ratios.filter((x) => x >= 0.8).length;
    console.log(`  PostgreSQL / SQLite: median of the ${ROUNDS} rounds ${median(ratios).toFixed(2)} (target ≥ 0.80; reached in ${reached} of ${ROUNDS}), ` +
      `all rounds together ${(pgAll.rate / E).toFixed(2)}`);
  }
  console.log(`  E / L = ${(E / L).toFixed(2)}   (target ≥ 0.50)`);
  console.log(`  with random (UUIDv4) event and message ids instead: ${fmt(random)} events/s, E / L = ${(random / L).toFixed(2)}`);
  console.log(`  the server verified with ${server}: ${fmt(ownV)} synchronous verifies/s on all cores, E / that = ${(E / ownV).toFixed(2)}`);
  console.log(`  load average at the end: ${loadNow()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
