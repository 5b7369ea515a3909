// Policy dry-run benchmark: 1,000,000 stored validations over 1,000 boundaries, replayed against the
// default policy and a stricter draft through the job's own replay (keyset pages, lib/domain machine).
// Goal: ≥ 200,000 validations/s replayed, memory flat (heap after ≈ heap before).
import Database from "better-sqlite3";
import { DEFAULT_POLICY, type TPolicy } from "../../lib/domain/policy.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { sqlitePath } from "../../lib/server/db/url.ts";
import { replayWindow } from "../../lib/server/dry-runs/replay-window.ts";
import { throwAwayDatabase } from "./bench-support.ts";
import { setEnv } from "../support/env.ts";

const VALIDATIONS = Number(process.env.BENCH_VALIDATIONS ?? 1_000_000);
const BOUNDARIES = Number(process.env.BENCH_BOUNDARIES ?? 1_000);
const FROM = Date.UTC(2026, 10, 20, 0, 0, 0);
const STEP_MS = 50; // 1,000,000 rows over ~14 hours

/** Raw inserts straight through the driver (bulk load only: synchronous = OFF). */
function seed(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insert = db.prepare(`INSERT INTO "MessageValidation" ("eventSeq","messageId","sender","receiver","outcome","reasons","anomalyScore","fanOut","time") VALUES (0,?,?,?,?,'[]',?,1,?)`);
  const load = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const j = i % BOUNDARIES;
      insert.run(`msg-${i}`, `agent-s${j % 50}`, `agent-r${Math.floor(j / 50)}`, i % 97 === 0 ? "rejected" : "accepted",
        i % 13 === 0 ? 0.7 : 0.05, new Date(FROM + i * STEP_MS).toISOString().replace("Z", "+00:00"));
    }
  });
  for (let i = 0; i < VALIDATIONS; i += 50_000) load(i, Math.min(VALIDATIONS, i + 50_000));
  db.close();
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function main() {
  const { url, remove } = await throwAwayDatabase();
  try {
    let t = performance.now();
    seed(sqlitePath(url));
    console.log(`seeded ${VALIDATIONS.toLocaleString("en")} validations over ${BOUNDARIES} boundaries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    setEnv({ DATABASE_URL: url });
    const draft: TPolicy = { ...structuredClone(DEFAULT_POLICY), breaker: { ...DEFAULT_POLICY.breaker, failure_threshold: 2, anomaly_threshold: 0.05 } };
    gc();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await replayWindow({
      current: DEFAULT_POLICY, draft, from: new Date(FROM), to: new Date(FROM + VALIDATIONS * STEP_MS + 1),
      onPage: () => ((peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), true),
    });
    const seconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    gc();
    const after = process.memoryUsage();
    console.log(`replayed ${result!.validations.toLocaleString("en")} validations in ${seconds.toFixed(2)} s: ` +
      `${Math.round(result!.validations / seconds).toLocaleString("en")} validations/s (goal ≥ 200,000/s; ratio ${(result!.validations / seconds / 200_000).toFixed(2)}); ` +
      `${Math.round(result!.validations / cpuSeconds).toLocaleString("en")} per CPU-second (the figure to read on a shared machine)`);
    console.log(`boundaries replayed ${result!.boundariesReplayed}, listed ${result!.boundaries.length}; ` +
      `trips current ${result!.boundaries.reduce((n, b) => n + b.current.tripCount, 0)}, draft ${result!.boundaries.reduce((n, b) => n + b.draft.tripCount, 0)}`);
    console.log(`heap before ${mb(before.heapUsed)} · peak during ${mb(peakHeap)} · after ${mb(after.heapUsed)} (ratio after/before ${(after.heapUsed / before.heapUsed).toFixed(2)}); ` +
      `RSS before ${mb(before.rss)} · after ${mb(after.rss)}`);
  } finally {
    await closeDb();
    remove();
  }
}

await main();
