// Boundary series benchmark: a week of one busy boundary (1,000,000 validations, plus 200,000 on other
// boundaries), counted per bucket by the boundary page's own service for each range. Prints p95 per range.
// Goal: every range, the 7-day one included, ≤ 1 s at p95 (a chart a person waits for).
import Database from "better-sqlite3";
import { SERIES_RANGE_NAMES } from "../../lib/domain/boundary-series.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getBoundarySeries } from "../../lib/server/boundaries/get-boundary-series.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { sqlitePath } from "../../lib/server/db/url.ts";
import { percentile, summary, throwAwayDatabase } from "./bench-support.ts";

const VALIDATIONS = Number(process.env.BENCH_VALIDATIONS ?? 1_000_000);
const OTHERS = Math.round(VALIDATIONS / 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WEEK_MS = 7 * 24 * 3_600_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** Raw inserts straight through the driver (bulk load only: synchronous = OFF). */
function seed(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insert = db.prepare(`INSERT INTO "MessageValidation" ("eventSeq","messageId","sender","receiver","outcome","reasons","anomalyScore","fanOut","time") VALUES (0,?,?,?,?,'[]',?,1,?)`);
  const step = WEEK_MS / VALIDATIONS;
  const load = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      insert.run(`msg-${i}`, "orders", "payments", i % 31 === 0 ? "rejected" : "accepted", i % 17 === 0 ? 0.8 : 0.1, iso(NOW - WEEK_MS + i * step));
      if (i % 5 === 0) insert.run(`other-${i}`, `agent-${i % 40}`, "payments", "accepted", 0.1, iso(NOW - WEEK_MS + i * step));
    }
  });
  for (let i = 0; i < VALIDATIONS; i += 50_000) load(i, Math.min(VALIDATIONS, i + 50_000));
  db.prepare(`INSERT INTO "Boundary" ("id","sender","receiver","state","epoch") VALUES (?,?,?,'OPEN',40)`).run(boundaryId("orders", "payments"), "orders", "payments");
  const transition = db.prepare(`INSERT INTO "BreakerTransition" ("eventSeq","boundaryId","seq","fromState","toState","reason","failureCount","anomalyRate","applied","time") VALUES (0,?,?,?,?,'failures',3,0.1,1,?)`);
  for (let k = 0; k < 40; k++) transition.run(boundaryId("orders", "payments"), k, "CLOSED", "OPEN", iso(NOW - WEEK_MS + (k + 0.5) * (WEEK_MS / 40)));
  db.pragma("optimize");
  db.close();
}

async function main() {
  const { url, remove } = await throwAwayDatabase();
  try {
    let t = performance.now();
    seed(sqlitePath(url));
    console.log(`seeded ${VALIDATIONS.toLocaleString("en")} validations of one boundary over 7 days (+ ${OTHERS.toLocaleString("en")} on 40 others) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    process.env.DATABASE_URL = url;
    const id = boundaryId("orders", "payments");
    await getBoundarySeries({ id, range: "1h" }); // warm: connection, policy, prepared statements
    for (const range of SERIES_RANGE_NAMES) {
      const times: number[] = [];
      const cpu: number[] = [];
      let messages = 0;
      let points = 0;
      let marks = 0;
      for (let i = 0; i < RUNS; i++) {
        t = performance.now();
        const cpu0 = process.cpuUsage();
        const s = await getBoundarySeries({ id, range });
        times.push(performance.now() - t);
        const used = process.cpuUsage(cpu0);
        cpu.push((used.user + used.system) / 1000);
        messages = s.points.reduce((n, p) => n + p.messages, 0);
        points = s.points.length;
        marks = s.marks.length;
      }
      console.log(`range ${range.padEnd(3)}: ${messages.toLocaleString("en").padStart(9)} validations in ${points} buckets, ${marks} marks · ${summary(times)} ` +
        `(goal p95 ≤ 1,000 ms; ratio ${(percentile(times, 95) / 1_000).toFixed(2)}); CPU p95 ${Math.round(percentile(cpu, 95))} ms (the figure to read on a shared machine)`);
    }
  } finally {
    await closeDb();
    remove();
  }
}

await main();
