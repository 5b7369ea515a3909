// Policy dry-run benchmark: 1,000,000 stored validations over 1,000 boundaries, replayed against the
// default policy and a stricter draft through the job's own replay (keyset pages, lib/domain machine).
// Goal: ≥ 200,000 validations/s replayed, memory flat (heap after ≈ heap before).
import Database from "better-sqlite3";
import { DEFAULT_POLICY, type TPolicy } from "../../lib/domain/policy.ts";
import { existsSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import type { TDryRunResult } from "../../lib/domain/dry-run.ts";
import { migrate } from "../../lib/server/db/migrate.ts";
import { sqlitePath } from "../../lib/server/db/url.ts";
import { readValidationPages } from "../../lib/server/dry-runs/read-validations.ts";
import { replayInWorker } from "../../lib/server/dry-runs/replay-in-worker.ts";
import { replayWindow } from "../../lib/server/dry-runs/replay-window.ts";
import { openValidationSource, type ValidationSource } from "../../lib/server/dry-runs/validation-source.ts";
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
  const insert = db.prepare(`INSERT INTO "MessageValidation" ("eventSeq","messageId","sender","receiver","outcome","reasons","anomalyScore","fanOut","chainDepth","time") VALUES (0,?,?,?,?,'[]',?,1,?,?)`);
  const load = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const j = i % BOUNDARIES;
      insert.run(`msg-${i}`, `agent-s${j % 50}`, `agent-r${Math.floor(j / 50)}`, i % 97 === 0 ? "rejected" : "accepted",
        i % 13 === 0 ? 0.7 : 0.05, 1 + (i % 3), new Date(FROM + i * STEP_MS).toISOString().replace("Z", "+00:00"));
    }
  });
  for (let i = 0; i < VALIDATIONS; i += 50_000) load(i, Math.min(VALIDATIONS, i + 50_000));
  db.close();
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const draft: TPolicy = { ...structuredClone(DEFAULT_POLICY), breaker: { ...DEFAULT_POLICY.breaker, failure_threshold: 2, anomaly_threshold: 0.05 } };
const window = { from: FROM, to: FROM + VALIDATIONS * STEP_MS + 1, pageSize: process.env.BENCH_PAGE ? Number(process.env.BENCH_PAGE) : undefined };

type Figures = { label: string; firstPageS?: number; validations: number; seconds: number; cpuSeconds: number; result: TDryRunResult; before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage; peakHeap: number };

/** `run` calls onPage after each page, with the heap of the thread replaying (this one's when not given). */
async function measure(label: string, run: (onPage: (p?: number, r?: number, heapUsed?: number) => boolean) => Promise<TDryRunResult | null>): Promise<Figures> {
  gc();
  const before = process.memoryUsage();
  let peakHeap = 0;
  let firstPageS: number | undefined;
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await run((_p, _r, heapUsed) => {
    firstPageS ??= (performance.now() - t) / 1000;
    peakHeap = Math.max(peakHeap, heapUsed ?? process.memoryUsage().heapUsed);
    return true;
  });
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  gc();
  return { label, firstPageS, validations: result!.validations, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result: result!, before, after: process.memoryUsage(), peakHeap };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
/** CPU µs per validation of a run. */
const cpuPerRow = (f: Figures) => (f.cpuSeconds * 1e6) / f.result.validations;

function report(f: Figures): void {
  const { result } = f;
  console.log(`${f.label} (load average ${load()}): ${result.validations.toLocaleString("en")} validations in ${f.seconds.toFixed(2)} s: ` +
    `${Math.round(result.validations / f.seconds).toLocaleString("en")} validations/s (goal ≥ 200,000/s; ratio ${(result.validations / f.seconds / 200_000).toFixed(2)}); ` +
    `${Math.round(result.validations / f.cpuSeconds).toLocaleString("en")} per CPU-second (the figure to read on a shared machine), ${cpuPerRow(f).toFixed(2)} CPU µs a validation`);
  if (!result.boundaries) return;
  console.log(`  boundaries replayed ${result.boundariesReplayed}, listed ${result.boundaries.length}; ` +
    `trips current ${result.boundaries.reduce((n, b) => n + b.current.tripCount, 0)}, draft ${result.boundaries.reduce((n, b) => n + b.draft.tripCount, 0)}`);
  console.log(`  heap before ${mb(f.before.heapUsed)} · peak during ${mb(f.peakHeap)} (the replaying thread's) · after ${mb(f.after.heapUsed)} (ratio after/before ${(f.after.heapUsed / f.before.heapUsed).toFixed(2)}); ` +
    `RSS before ${mb(f.before.rss)} · after ${mb(f.after.rss)}; first page after ${f.firstPageS?.toFixed(2)} s (a worker's start-up)`);
  // Under tsx the worker compiles its TypeScript before its first page; the built app's bundled worker does not.
  if (f.firstPageS !== undefined && f.seconds > f.firstPageS) {
    const steady = result.validations / (f.seconds - f.firstPageS);
    console.log(`  from the first page on: ${Math.round(steady).toLocaleString("en")} validations/s (goal ratio ${(steady / 200_000).toFixed(2)})`);
  }
}

/** Reads every page and does nothing with it: what the reading alone costs. */
async function readOnly(source: ValidationSource, onPage: () => boolean): Promise<TDryRunResult> {
  let validations = 0;
  for await (const page of readValidationPages(source, window)) (validations += page.length), onPage();
  return { validations } as TDryRunResult;
}

async function main() {
  // BENCH_DB=path keeps the seeded database there and reuses it on the next run (seeding takes a while).
  const kept = process.env.BENCH_DB;
  const { url, remove } = kept ? { url: `file:${kept}`, remove: () => {} } : await throwAwayDatabase();
  try {
    setEnv({ DATABASE_URL: url });
    if (!kept || !existsSync(kept) || statSync(kept).size < 1_000_000) {
      if (kept) await migrate(url);
      const t = performance.now();
      seed(sqlitePath(url));
      console.log(`seeded ${VALIDATIONS.toLocaleString("en")} validations over ${BOUNDARIES} boundaries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const only = (process.env.BENCH_ONLY ?? "read,thread,worker").split(",");
    const source = await openValidationSource(url);
    const reading = only.includes("read") ? await measure("reading only", (onPage) => readOnly(source, onPage)) : undefined;
    if (reading) report(reading);
    if (only.includes("thread")) {
      const thread = await measure("replayed on this thread", (onPage) => replayWindow({ current: DEFAULT_POLICY, draft, ...window, source, actions: [], onPage }));
      report(thread);
      if (reading) {
        // The replay alone: this run's CPU a validation less the reading's (both on this thread, same pages).
        const alone = cpuPerRow(thread) - cpuPerRow(reading);
        console.log(`  the replay alone (reading's CPU taken off): ${alone.toFixed(2)} CPU µs a validation, ${Math.round(1e6 / alone).toLocaleString("en")} per CPU-second ` +
          `(goal ratio ${(1e6 / alone / 200_000).toFixed(2)}); reading is ${((100 * cpuPerRow(reading)) / cpuPerRow(thread)).toFixed(0)} % of the whole`);
      }
    }
    await source.close();
    if (only.includes("worker")) {
      report(await measure("replayed in a worker thread (as the app runs it)", (onPage) =>
        replayInWorker({ url, current: DEFAULT_POLICY, draft, ...window, actions: [], onProgress: onPage })));
    }
  } finally {
    remove();
  }
}

await main();
