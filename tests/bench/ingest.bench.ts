// Ingest benchmark (DESIGN §11): end-to-end accepted events/s against the production build, beside the two
// ceilings measured in the same run on this machine — V, raw Ed25519 verifies/s on all cores, and W, raw
// batched SQLite inserts/s — and the ratio of end to end to L = min(V, W). Target: ratio ≥ 0.5.
import { randomUUID, sign as edSign, verify as edVerify, generateKeyPairSync } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { startServer } from "../support/server.ts";
import { migrate } from "../../lib/server/db/migrate.ts";
import { registerAgent } from "../../lib/server/agents/register-agent.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { CompactSign, importJWK, type CryptoKey, type JWK } from "jose";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
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

async function signedBatches(databaseUrl: string): Promise<string[]> {
  process.env.DATABASE_URL = databaseUrl;
  const agents = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
    const r = await registerAgent({ id: `bench-${i}`, name: `Bench ${i}`, actor: "bench" });
    return { id: r.agentId, kid: r.kid, key: (await importJWK(r.privateJwk as JWK, "EdDSA")) as CryptoKey };
  }));
  await closeDb();
  const bodies: string[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const receiver = agents[b % agents.length];
    const sender = agents[(b + 1) % agents.length];
    const events = await Promise.all(Array.from({ length: 100 }, (_, i) => {
      const event = {
        specversion: "1.0", id: `evt-${randomUUID()}`, source: receiver.id, type: "firebreak.message.validated", time: new Date().toISOString(),
        data: { messageId: `msg-${b}-${i}-${randomUUID().slice(0, 8)}`, sender: sender.id, receiver: receiver.id, outcome: i % 10 ? "accepted" : "rejected",
          reasons: [], anomalyScore: 0.02, chain: [sender.id], parents: i ? [`msg-${b}-${i - 1}`] : [], fanOut: 1 },
      };
      return new CompactSign(new TextEncoder().encode(JSON.stringify(event))).setProtectedHeader({ alg: "EdDSA", kid: receiver.kid, typ: "fb-event+jws" }).sign(receiver.key);
    }));
    bodies.push(JSON.stringify({ events }));
  }
  return bodies;
}

async function endToEnd(url: string, bodies: string[]): Promise<number> {
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await fetch(`${url}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
      const json = await res.json();
      if (res.status !== 207) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(json)}`);
      accepted += json.accepted;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (performance.now() - start) / 1000;
  if (accepted !== bodies.length * 100) throw new Error(`only ${accepted} of ${bodies.length * 100} events were accepted`);
  return accepted / seconds;
}

const dir = path.resolve("data", "bench", `ingest-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  buildIfNeeded();
  const V = await verifiesPerSecond();
  const W = insertsPerSecond(dir);
  const L = Math.min(V, W);
  const databaseUrl = `file:${path.join(dir, "firebreak.db")}`;
  await migrate(databaseUrl);
  const bodies = await signedBatches(databaseUrl);
  const server = await startServer({
    DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: "bench-secret-0123456789abcdef",
    FIREBREAK_RATE_REQUESTS_PER_S: "1000000", FIREBREAK_RATE_REQUESTS_BURST: "1000000",
    FIREBREAK_RATE_EVENTS_PER_S: "10000000", FIREBREAK_RATE_EVENTS_BURST: "10000000",
  });
  try {
    await endToEnd(server.url, bodies.slice(0, 10)); // warm-up: JIT, key import, prepared statements
    const E = await endToEnd(server.url, bodies.slice(10));
    console.log("ingest benchmark (signed batches of 100 message.validated events, production build on 127.0.0.1)");
    console.log(`  V  Ed25519 verifies/s, all cores, 100 in flight   ${fmt(V)}`);
    console.log(`  W  raw SQLite inserts/s, WAL, 100 per transaction  ${fmt(W)}`);
    console.log(`  L  min(V, W)                                       ${fmt(L)}`);
    console.log(`  E  accepted events/s end to end (${IN_FLIGHT} requests in flight) ${fmt(E)}`);
    console.log(`  E / L = ${(E / L).toFixed(2)}   (target ≥ 0.50)`);
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
