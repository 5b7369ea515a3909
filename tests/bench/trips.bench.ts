// Trip benchmark (docs/benchmarks.md#trips): trips stored and queued for review per second (T) against validated
// events per second (E) in the same run, on the same server and database: SQLite, and PostgreSQL when
// BENCH_DATABASE_URL names a server (a throw-away database is created there and dropped after).
// Target: T / E ≥ 0.25. Each trip is a signed CLOSED → OPEN report on a boundary of its own; every one must
// open its boundary, queue one review and leave its audit entries chained (the chain is verified after).
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import pg from "pg";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { setEnv } from "../support/env.ts";
import { jsonPost, RawHttpConnection } from "./raw-http.ts";
import { migrate } from "../../lib/server/db/migrate.ts";
import { registerAgent } from "../../lib/server/agents/register-agent.ts";
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { signJson, type TSigner } from "../../sdk/keys/signer.ts";
import { cloudEvent } from "../../sdk/reporter/cloud-event.ts";
import { timeOrderedId } from "../../sdk/time-ordered-id.ts";

const RECEIVERS = 20;
const TRIPS_PER_BATCH = Number(process.env.BENCH_TRIPS_PER_BATCH ?? 20);
const TRIP_BATCHES = Number(process.env.BENCH_TRIP_BATCHES ?? 150);
const EVENT_BATCHES = Number(process.env.BENCH_EVENT_BATCHES ?? 120); // of 100 validated events, per E phase
const WARM_UP = 10; // batches of each kind posted first and not counted
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const SENDERS = Math.ceil(((TRIP_BATCHES + WARM_UP) * TRIPS_PER_BATCH) / RECEIVERS);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

type Agent = TSigner & { id: string };

async function registerAgents(databaseUrl: string): Promise<{ receivers: Agent[]; senders: Agent[] }> {
  const restore = setEnv({ DATABASE_URL: databaseUrl });
  // A few at a time: dozens of registerAgent transactions at once on PostgreSQL's pool of ten wait past
  // Prisma's 2 s to start a transaction on a busy machine (P2028), and the run never gets to its figures.
  const make = async (prefix: string, n: number) => {
    const agents: Agent[] = [];
    for (let i = 0; i < n; i += 4) {
      agents.push(...await Promise.all(Array.from({ length: Math.min(4, n - i) }, async (_, k) => {
        const r = await registerAgent({ id: `${prefix}-${i + k}`, name: `${prefix} ${i + k}`, actor: "bench" });
        return { id: r.agentId, kid: r.kid, key: (await importJWK(r.privateJwk as JWK, "EdDSA")) as CryptoKey };
      })));
    }
    return agents;
  };
  try {
    return { receivers: await make("recv", RECEIVERS), senders: await make("send", SENDERS) };
  } finally {
    await closeDb();
    restore();
  }
}

/** Batches of TRIPS_PER_BATCH trips, each batch from one receiver, each trip on a boundary no other trip uses. */
async function tripBatches({ receivers, senders }: { receivers: Agent[]; senders: Agent[] }): Promise<string[]> {
  const bodies: string[] = [];
  let k = 0;
  for (let b = 0; b < TRIP_BATCHES + WARM_UP; b++) {
    const events: Promise<string>[] = [];
    for (let t = 0; t < TRIPS_PER_BATCH; t++, k++) {
      const receiver = receivers[k % RECEIVERS];
      const sender = senders[Math.floor(k / RECEIVERS)];
      events.push(signJson(cloudEvent(receiver.id, "firebreak.breaker.transition", {
        sender: sender.id, receiver: receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "bench", failureCount: 3, anomalyRate: 0.3,
      }, Date.now()), "fb-event+jws", receiver));
    }
    bodies.push(JSON.stringify({ events: await Promise.all(events) }));
  }
  return bodies;
}

/** Batches of 100 message.validated events (one in ten rejected), as ingest.bench.ts posts them. */
async function validatedBatches({ receivers, senders }: { receivers: Agent[]; senders: Agent[] }, count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let b = 0; b < count; b++) {
    const receiver = receivers[b % RECEIVERS];
    const sender = senders[b % senders.length];
    const ids = Array.from({ length: 100 }, () => `msg-${timeOrderedId()}`);
    const events = await Promise.all(ids.map((messageId, i) => signJson(cloudEvent(receiver.id, "firebreak.message.validated", {
      messageId, sender: sender.id, receiver: receiver.id, outcome: i % 10 ? "accepted" : "rejected", reasons: i % 10 ? [] : ["schema"],
      anomalyScore: 0.02, chain: [sender.id], parents: i ? [ids[i - 1]] : [], fanOut: 1,
    }, Date.now()), "fb-event+jws", receiver)));
    bodies.push(JSON.stringify({ events }));
  }
  return bodies;
}

const serverCpu = (s: RunningServer) => readFileSync(`/proc/${s.pid}/stat`, "utf8").split(") ")[1].split(" ").slice(11, 13).reduce((a, b) => a + Number(b), 0) / 100;

/** Posts the bodies IN_FLIGHT at a time; accepted events per second and server CPU seconds spent. */
async function post(server: RunningServer, bodies: string[]): Promise<{ accepted: number; seconds: number; cpu: number }> {
  const { host, hostname, port } = new URL(server.url);
  const requests = bodies.map((body) => jsonPost(host, "/api/v1/events", body));
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    const connection = new RawHttpConnection(hostname, Number(port));
    try {
      while (next < requests.length) {
        const { status, body } = await connection.send(requests[next++]);
        if (status !== 207) throw new Error(`ingest answered ${status}: ${body}`);
        accepted += (JSON.parse(body) as { accepted: number }).accepted;
      }
    } finally {
      connection.close();
    }
  };
  const cpu = serverCpu(server);
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return { accepted, seconds: (performance.now() - start) / 1000, cpu: serverCpu(server) - cpu };
}

/** A fresh database for one provider, and the function that removes it. */
async function freshDatabase(provider: "sqlite" | "postgresql", dir: string): Promise<{ url: string; remove: () => Promise<void> }> {
  if (provider === "sqlite") {
    const url = `file:${path.join(dir, "trips.db")}`;
    await migrate(url);
    return { url, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new URL(process.env.BENCH_DATABASE_URL!);
  const name = `firebreak_bench_trips_${process.pid}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try { await client.query(sql); } finally { await client.end(); }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), remove: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function measure(provider: "sqlite" | "postgresql") {
  const dir = path.resolve("data", "bench", `trips-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const db = await freshDatabase(provider, dir);
  try {
    const agents = await registerAgents(db.url);
    const trips = await tripBatches(agents);
    const validated = await validatedBatches(agents, 2 * EVENT_BATCHES + WARM_UP);
    const server = await startServer({
      DATABASE_URL: db.url, NEXTAUTH_SECRET: "bench-secret-0123456789abcdef", FIREBREAK_AUDIT_ANCHOR_FILE: path.join(dir, "anchors.jsonl"),
      FIREBREAK_RATE_REQUESTS_PER_S: "1000000", FIREBREAK_RATE_REQUESTS_BURST: "1000000",
      FIREBREAK_RATE_EVENTS_PER_S: "10000000", FIREBREAK_RATE_EVENTS_BURST: "10000000",
      FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER: "100000", // every trip queues its review: that is what is measured
    });
    try {
      await post(server, validated.slice(0, WARM_UP));
      await post(server, trips.slice(0, WARM_UP));
      // E before and after T, averaged: the machine's speed drifts while the others work.
      const e1 = await post(server, validated.slice(WARM_UP, WARM_UP + EVENT_BATCHES));
      const t = await post(server, trips.slice(WARM_UP));
      const e2 = await post(server, validated.slice(WARM_UP + EVENT_BATCHES));
      return { e1, t, e2, ...(await check(db.url)) };
    } finally {
      await server.stop();
    }
  } finally {
    await db.remove();
  }
}

/** Every trip opened its boundary and queued one review; the audit chain verifies with nothing left pending. */
async function check(url: string) {
  const restore = setEnv({ DATABASE_URL: url });
  try {
    const reviews = await getDb().review.count({ where: { kind: "trip", status: "pending" } });
    const open = await getDb().boundary.count({ where: { state: "OPEN" } });
    const verdict = await verifyAuditChain();
    if (!verdict.ok) throw new Error(`the audit chain does not verify: ${verdict.broken.detail}`);
    return { reviews, open, entries: verdict.entries, pending: verdict.pending.count };
  } finally {
    await closeDb();
    restore();
  }
}

buildIfNeeded();
const providers = (["sqlite", ...(process.env.BENCH_DATABASE_URL ? ["postgresql" as const] : [])] as const)
  .filter((p) => !process.env.BENCH_PROVIDERS || process.env.BENCH_PROVIDERS.split(",").includes(p)); // BENCH_PROVIDERS=postgresql: that one only
console.log(`trip benchmark (production build on 127.0.0.1, ${IN_FLIGHT} requests in flight; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
for (const provider of providers) {
  const r = await measure(provider);
  const expected = (TRIP_BATCHES + WARM_UP) * TRIPS_PER_BATCH;
  if (r.reviews !== expected || r.open !== expected) throw new Error(`${provider}: ${r.reviews} reviews and ${r.open} open boundaries for ${expected} trips`);
  const E = (r.e1.accepted + r.e2.accepted) / (r.e1.seconds + r.e2.seconds);
  const T = r.t.accepted / r.t.seconds;
  const eCpu = ((r.e1.cpu + r.e2.cpu) / (r.e1.accepted + r.e2.accepted)) * 1e6;
  console.log(`  ${provider}`);
  console.log(`    E  validated events/s (batches of 100)          ${fmt(E)}  (${fmt(r.e1.accepted / r.e1.seconds)} before T, ${fmt(r.e2.accepted / r.e2.seconds)} after) · server CPU ${fmt(eCpu)} µs per event`);
  console.log(`    T  trips stored and queued for review/s (batches of ${TRIPS_PER_BATCH}) ${fmt(T)}  · server CPU ${fmt((r.t.cpu / r.t.accepted) * 1e6)} µs per trip`);
  console.log(`    T / E = ${(T / E).toFixed(2)}   (target ≥ 0.25)`);
  console.log(`    ${r.reviews} reviews for ${expected} trips; audit chain verifies: ${r.entries} entries, ${r.pending} pending · load average ${loadavg()[0].toFixed(2)}`);
}
