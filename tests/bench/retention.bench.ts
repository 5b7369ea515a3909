// Retention benchmark: a year-old month of traffic (BENCH_RETENTION_ROWS events and as many message verdicts;
// a quarter of the events memory writes, which are kept, and a twentieth on a boundary with a pending review)
// and a tenth as many recent rows, on a fresh database; then one retention pass. Run twice on the same seed:
// the pass before docs/scale.md#retention's walk (each batch re-selects from the oldest row, re-reading every
// kept and not-yet-vacuumed deleted row) and the pass of lib/server/retention (each row read once).
// Prints wall time, this process's CPU and, on PostgreSQL (BENCH_DATABASE_URL), the cluster's CPU, and their ratios.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import Database from "better-sqlite3";
import { reloadConfig } from "../../lib/server/config/config.ts";
import { closeDb, dbProvider } from "../../lib/server/db/client.ts";
import { migrate } from "../../lib/server/db/migrate.ts";
import { param, paramList, selectRows } from "../../lib/server/db/sql.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import { sqlitePath } from "../../lib/server/db/url.ts";
import { applyRetention } from "../../lib/server/retention/apply-retention.ts";
import { EVENT_TYPE } from "../../lib/domain/events.ts";
import { throwAwayDatabase } from "./bench-support.ts";

const ROWS = Number(process.env.BENCH_RETENTION_ROWS ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.now();
const OLD = NOW - 400 * DAY;

// The seed, in SQL either database runs: `g.i` counts 1..n, `at(ms)` is a timestamp literal.
function seedSql(provider: "sqlite" | "postgresql", n: number, fromMs: number, tag: string): string[] {
  const series = provider === "postgresql" ? `generate_series(1, ${n}) AS g(i)` : `(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s) AS g`;
  const at = provider === "postgresql"
    ? `(to_timestamp((${fromMs} + g.i * 20000) / 1000.0) AT TIME ZONE 'UTC')`
    : `strftime('%Y-%m-%dT%H:%M:%f+00:00', (${fromMs} + g.i * 20000) / 1000.0, 'unixepoch')`;
  const bnd = `'bnd_' || (g.i % 20)`;
  return [
    `INSERT INTO "Event" ("source","eventId","type","time","receivedAt","kid","payloadHash","jws","boundaryId","outcome","subjectId") ` +
      `SELECT 'agent-' || (g.i % 20), '${tag}-' || g.i, CASE WHEN g.i % 4 = 0 THEN '${EVENT_TYPE.memoryWrite}' ELSE '${EVENT_TYPE.messageValidated}' END, ${at}, ${at}, 'kid', ` +
      `'hash', '${"x".repeat(600)}', CASE WHEN g.i % 4 = 0 THEN NULL ELSE ${bnd} END, 'accepted', 'msg-${tag}-' || g.i FROM ${series}`,
    `INSERT INTO "MessageValidation" ("eventSeq","messageId","sender","receiver","outcome","reasons","anomalyScore","fanOut","time") ` +
      `SELECT g.i, 'msg-${tag}-' || g.i, 'agent-' || (g.i % 20), 'receiver', 'accepted', '[]', 0.1, 1, ${at} FROM ${series}`,
  ];
}

const setupSql = [
  ...Array.from({ length: 20 }, (_, k) => `INSERT INTO "Boundary" ("id","sender","receiver") VALUES ('bnd_${k}', 'agent-${k}', 'receiver')`),
  `INSERT INTO "Review" ("id","boundaryId","epoch","kind","status","evidence","cooldownEndsAt") VALUES ('rev_1','bnd_1',1,'trip','pending','{}','2030-01-01T00:00:00.000Z')`,
];

async function seed(url: string): Promise<void> {
  const provider = url.startsWith("file:") ? "sqlite" : "postgresql";
  const statements = [...setupSql, ...seedSql(provider, ROWS, OLD, "old"), ...seedSql(provider, ROWS / 10, NOW - DAY, "new")];
  if (provider === "sqlite") {
    const db = new Database(sqlitePath(url));
    for (const s of statements) db.exec(s);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of statements) await client.query(s);
  await client.query("VACUUM ANALYZE");
  await client.end();
}

/** The pass as it was: each batch selects the first `batch` deletable rows in key order, from the oldest. */
async function previousPass(cutoff: Date, batch: number): Promise<number> {
  const quiet = (b: string, c: string) =>
    `NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."boundaryId" = ${b} AND r."status" = 'pending') AND NOT EXISTS (SELECT 1 FROM "Incident" i WHERE i."boundaryId" = ${b} AND i."createdAt" >= ${c})`;
  const kept = [EVENT_TYPE.breakerTransition, EVENT_TYPE.memoryWrite];
  const walks: [string, (string | Date)[], string, string][] = [
    [`SELECT e."seq" AS "k" FROM "Event" e WHERE e."receivedAt" < ${param(1)} AND e."type" NOT IN (${paramList(2, 2)}) AND (e."boundaryId" IS NULL OR (${quiet(`e."boundaryId"`, param(4))})) ORDER BY e."seq" LIMIT ${batch}`, [cutoff, ...kept, cutoff], "Event", "seq"],
    [`SELECT v."id" AS "k" FROM "MessageValidation" v JOIN "Boundary" b ON b."sender" = v."sender" AND b."receiver" = v."receiver" WHERE v."time" < ${param(1)} AND ${quiet(`b."id"`, param(2))} ORDER BY v."id" LIMIT ${batch}`, [cutoff, cutoff], "MessageValidation", "id"],
  ];
  let removed = 0;
  for (const [select, args, table, key] of walks) {
    for (;;) {
      const k = await transaction(async (tx) => {
        const keys = (await selectRows<{ k: number | bigint }>(tx, select, args)).map((r) => Number(r.k));
        if (keys.length === 0) return 0;
        return tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "${key}" IN (${paramList(keys.length)})`, ...keys);
      }, { path: "driver" });
      removed += k;
      if (k < batch) break;
    }
  }
  return removed;
}

async function dropRetentionIndex(url: string): Promise<void> {
  const sql = `DROP INDEX "Event_receivedAt_seq_idx"`;
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url));
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

// CPU seconds of the PostgreSQL cluster serving `url` (its postmaster and every backend), read from /proc.
function clusterCpu(postmaster: number | null): number {
  if (postmaster === null) return 0;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(pid) === postmaster || Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return ticks / 100;
}

async function freshDatabase(provider: "sqlite" | "postgresql", name: string): Promise<{ url: string; remove: () => Promise<void>; postmaster: number | null }> {
  if (provider === "sqlite") {
    const { url, remove } = await throwAwayDatabase();
    return { url, remove: async () => remove(), postmaster: null };
  }
  const admin = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
  await admin.connect();
  const [{ dir }] = (await admin.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir")).rows;
  const postmaster = Number(readFileSync(`${dir}/postmaster.pid`, "utf8").split("\n")[0]);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(process.env.BENCH_DATABASE_URL!);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), postmaster, remove: async () => { await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); await admin.end(); } };
}

async function measure(provider: "sqlite" | "postgresql", which: "previous" | "walk") {
  const db = await freshDatabase(provider, `firebreak_bench_retention_${which}_${process.pid}`);
  try {
    await seed(db.url);
    if (which === "previous") await dropRetentionIndex(db.url); // as it was before migration 0017
    process.env.DATABASE_URL = db.url;
    reloadConfig();
    const cutoff = new Date(NOW - 365 * DAY);
    const [cpu0, pg0, t0] = [process.cpuUsage(), clusterCpu(db.postmaster), performance.now()];
    const removed = which === "previous" ? await previousPass(cutoff, 500) : Object.values(await applyRetention({ days: 365, now: new Date(NOW) })).reduce((a, b) => a + b, 0);
    const used = process.cpuUsage(cpu0);
    return { removed, seconds: (performance.now() - t0) / 1000, cpu: (used.user + used.system) / 1e6, dbCpu: clusterCpu(db.postmaster) - pg0, provider: dbProvider() };
  } finally {
    await closeDb();
    await db.remove();
  }
}

const providers = ["sqlite", ...(process.env.BENCH_DATABASE_URL ? ["postgresql" as const] : [])] as const;
for (const provider of providers) {
  console.log(`${provider}: ${ROWS.toLocaleString("en")} old events and verdicts (+ a tenth recent); load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  const before = await measure(provider, "previous");
  const after = await measure(provider, "walk");
  for (const [name, m] of [["previous pass", before], ["one walk    ", after]] as const) {
    console.log(`  ${name}: ${m.removed.toLocaleString("en")} rows deleted in ${m.seconds.toFixed(1)} s · this process ${m.cpu.toFixed(1)} CPU-s` +
      (provider === "postgresql" ? ` · PostgreSQL ${m.dbCpu.toFixed(1)} CPU-s` : "") + ` · ${Math.round(((m.cpu + m.dbCpu) * 1e6) / Math.max(1, m.removed))} µs CPU a row`);
  }
  console.log(`  ratio previous / walk: wall ${(before.seconds / after.seconds).toFixed(1)}×, CPU ${((before.cpu + before.dbCpu) / (after.cpu + after.dbCpu)).toFixed(1)}×; load after ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  if (before.removed !== after.removed) throw new Error(`the passes disagree: ${before.removed} vs ${after.removed} rows`);
}
