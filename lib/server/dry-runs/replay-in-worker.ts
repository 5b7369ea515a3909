import "server-only";
import { Worker } from "node:worker_threads";
import type { TDryRunResult } from "../../domain/dry-run.ts";
import type { TPolicy } from "../../domain/policy.ts";
import type { THumanAction } from "./read-human-actions.ts";

/** What the worker is given: the database to read and everything the replay needs besides the rows. */
export type WorkerInput = { url: string; current: TPolicy; draft: TPolicy; from: number; to: number; actions: THumanAction[]; pageSize?: number };

/** What the worker posts. */
export type WorkerMessage =
  | { kind: "progress"; progress: number; replayed: number; heapUsed: number }
  | { kind: "done"; result: TDryRunResult }
  | { kind: "failed"; error: string };

export type ReplayInWorkerOptions = WorkerInput & {
  /** After each page; answering false stops the worker (null result). */
  onProgress?: (progress: number, replayed: number, heapUsed: number) => Promise<boolean> | boolean;
};

// Next bundles dry-run-worker.ts with the app. Run from source (tsx: scripts, tests, benchmarks), the worker
// registers tsx's loader before it loads the TypeScript (as the ingest check workers do).
function startWorker(input: WorkerInput): Worker {
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./dry-run-worker.ts", import.meta.url), { workerData: input });
  const entry = JSON.stringify(import.meta.url.replace(/replay-in-worker\.ts$/, "dry-run-worker.ts"));
  return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData: input });
}

/**
 * Replays a window on a worker thread of its own, so the thread serving requests only relays progress:
 * the replay reads and computes for seconds at a time without yielding. Resolves with the result, or
 * null when onProgress stopped it; rejects when the replay failed.
 */
export function replayInWorker(opts: ReplayInWorkerOptions): Promise<TDryRunResult | null> {
  const { onProgress, ...input } = opts;
  const worker = startWorker(input);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.kind === "done") settle(() => resolve(m.result));
      else if (m.kind === "failed") settle(() => reject(new Error(m.error)));
      else if (onProgress) {
        void Promise.resolve(onProgress(m.progress, m.replayed, m.heapUsed)).then(
          (go) => go || settle(() => resolve(null)),
          (err: unknown) => settle(() => reject(err)),
        );
      }
    });
    worker.on("error", (err) => settle(() => reject(err)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the dry run's worker stopped (code ${code})`))));
  });
}
