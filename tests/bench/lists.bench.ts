// Lists benchmark (docs/benchmarks.md#lists): filtered pages of events, audit entries and incidents over
// 1,000,000 events, 100,000 audit entries and 20,000 incidents on SQLite, through the services the pages and
// the API call (names looked up too). Target: p95 ≤ 100 ms a page.
import Database from "better-sqlite3";
import { closeDb } from "../../lib/server/db/client.ts";
import { findAuditEntries } from "../../lib/server/audit/find-audit-entries.ts";
import { findEvents } from "../../lib/server/events/find-events.ts";
import { findIncidents } from "../../lib/server/incidents/find-incidents.ts";
import { ZTimeIdCursor } from "../../lib/domain/list-query.ts";
import { deadline, summary, percentile, throwAwayDatabase } from "./bench-support.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const AUDIT = Number(process.env.BENCH_AUDIT ?? 100_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 20_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const AGENTS = 200;
const T0 = Date.parse("2026-11-01T00:00:00Z");
const TYPES = ["firebreak.message.validated", "firebreak.memory.write", "firebreak.memory.read", "firebreak.breaker.transition", "firebreak.policy.violation"];
const ACTIONS = ["review.approve", "review.reject", "review.created", "boundary.transition", "agent.key_added", "incident.flapping", "user.created"];
const INCIDENT_TYPES = ["gate_bypass", "unreported_trip", "flapping", "seq_jump", "traffic_while_open"];

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const boundary = (i: number) => `bnd_${i}`;

/** Raw multi-row inserts, `rows` at a time: the fast way to load a table for a benchmark. */
function bulk(db: Database.Database, table: string, columns: string[], count: number, row: (i: number) => unknown[]) {
  const per = Math.floor(30_000 / columns.length);
  const one = `(${columns.map(() => "?").join(",")})`;
  const sql = (n: number) => `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${Array(n).fill(one).join(",")}`;
  const full = db.prepare(sql(per));
  db.transaction(() => {
    for (let i = 0; i < count; i += per) {
      const n = Math.min(per, count - i);
      const values = Array.from({ length: n }, (_, k) => row(i + k)).flat();
      (n === per ? full : db.prepare(sql(n))).run(...values);
    }
  })();
}

function seedLists(file: string) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF"); // bulk load only; the app itself runs with synchronous = FULL
  const now = iso(T0);
  bulk(db, "Agent", ["id", "name", "createdAt", "updatedAt"], AGENTS, (i) => [`agent-${i}`, `agent ${i}`, now, now]);
  bulk(db, "Boundary", ["id", "sender", "receiver"], AGENTS, (i) => [boundary(i), `agent-${i}`, `agent-${(i + 1) % AGENTS}`]);
  bulk(db, "Event", ["source", "eventId", "type", "time", "receivedAt", "kid", "payloadHash", "jws", "boundaryId", "outcome", "subjectId"], EVENTS, (i) => {
    const type = pick(TYPES);
    const onBoundary = type === "firebreak.message.validated" || type === "firebreak.breaker.transition";
    const b = Math.floor(rand() * AGENTS);
    const at = iso(T0 + i * 1000);
    return [`agent-${(b + 1) % AGENTS}`, `evt-${i}`, type, at, at, "k1", "0".repeat(64), "x", onBoundary ? boundary(b) : null,
      type === "firebreak.message.validated" ? (rand() < 0.1 ? "rejected" : "accepted") : null, `msg-${i}`];
  });
  bulk(db, "AuditEntry", ["actor", "action", "subject", "before", "after", "createdAt", "prevHash", "hash"], AUDIT, (i) => [
    rand() < 0.3 ? `user:person${Math.floor(rand() * 20)}@example.com` : rand() < 0.5 ? "firebreak" : `agent:agent-${Math.floor(rand() * AGENTS)}`,
    pick(ACTIONS), `boundary:${boundary(Math.floor(rand() * AGENTS))}`, '{"status":"pending"}', '{"status":"approved","approvals":1}', iso(T0 + i * 10_000), "0", "0",
  ]);
  bulk(db, "Incident", ["id", "type", "boundaryId", "detail", "createdAt", "status"], INCIDENTS, (i) => [
    `inc_${String(i).padStart(6, "0")}`, pick(INCIDENT_TYPES), boundary(Math.floor(rand() * AGENTS)), `incident ${i}`, iso(T0 + i * 60_000),
    rand() < 0.6 ? "resolved" : rand() < 0.5 ? "acknowledged" : "open",
  ]);
  db.close();
}

/** Times `PAGES` runs of `page` (after 20 to warm the cache) and prints p50/p95. */
async function measure(name: string, page: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await page();
  const times: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const start = performance.now();
    await page();
    times.push(performance.now() - start);
  }
  const p95 = percentile(times, 95);
  console.log(`  ${name.padEnd(44)} ${summary(times)}   (target p95 ≤ 100 ms: ${(100 / p95).toFixed(1)}× headroom)`);
  return p95;
}

const { url, remove } = await throwAwayDatabase();
deadline(30 * 60_000, async () => remove());
try {
  const t0 = performance.now();
  seedLists(url.slice("file:".length));
  console.log(`lists benchmark: ${EVENTS.toLocaleString("en-US")} events, ${AUDIT.toLocaleString("en-US")} audit entries, ` +
    `${INCIDENTS.toLocaleString("en-US")} incidents (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s); a page is 50 rows`);
  process.env.DATABASE_URL = url;
  const day = (d: number) => new Date(T0 + d * 86_400_000);
  const span = EVENTS / 86_400; // days the events cover, one a second
  await measure("events: boundary + rejected", () => findEvents({ boundary: boundary(Math.floor(rand() * AGENTS)), outcome: "rejected" }));
  await measure("events: agent + type + one day", () => {
    const d = Math.floor(rand() * span);
    return findEvents({ agent: `agent-${Math.floor(rand() * AGENTS)}`, type: "firebreak.memory.write", from: day(d), to: day(d + 1) });
  });
  await measure("events: type, a page deep (cursor)", () => findEvents({ type: "firebreak.breaker.transition", cursor: Math.floor(rand() * EVENTS) + 1 }));
  await measure("audit: actor (a person)", () => findAuditEntries({ actor: `user:person${Math.floor(rand() * 20)}@example.com` }));
  await measure("audit: action prefix + subject", () => findAuditEntries({ action: "review", subject: `boundary:${boundary(Math.floor(rand() * AGENTS))}` }));
  await measure("audit: search + time range, a page deep", () =>
    findAuditEntries({ q: "agent-1", from: day(0), to: day(5), cursor: Math.floor(rand() * AUDIT) + 1 }));
  await measure("incidents: open + type", () => findIncidents({ status: "open", type: pick(INCIDENT_TYPES) }));
  await measure("incidents: boundary, a page deep (cursor)", () =>
    findIncidents({ boundary: boundary(Math.floor(rand() * AGENTS)), cursor: ZTimeIdCursor.parse(`${T0 + Math.floor(rand() * INCIDENTS) * 60_000}_inc_999999`) }));
  await closeDb();
} finally {
  remove();
}
