import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { config } from "../config/config.ts";
import { verifyAndCheck, type CheckItem } from "./check-batch.ts";
import type { CheckContext, CheckOutcome } from "./check-event.ts";

type Job = { resolve: (outcomes: CheckOutcome[]) => void; reject: (err: Error) => void };
type Lane = { worker: Worker; jobs: Map<number, Job> };
type Reply = { id: number; outcomes?: CheckOutcome[]; error?: string };

/** Fewer events than this are checked inline: a round trip to a worker costs about as much. */
const INLINE_BELOW = 8;
/** A batch is shared among idle workers in chunks of at least this many events. */
const MIN_CHUNK = 25;

/**
 * Threads that verify signatures and check payloads for the ingest route, so the request thread only reads
 * bodies and writes rows (docs/benchmarks.md#ingest). FIREBREAK_INGEST_WORKERS sets how many (default: one per core but
 * the request thread's, at least one; 0 checks on the request thread). A worker that dies fails its jobs
 * and is replaced.
 */
export class CheckPool {
  private lanes: Lane[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  /** One outcome per item, in order. */
  async run(items: CheckItem[], ctx: CheckContext): Promise<CheckOutcome[]> {
    if (this.size === 0 || items.length < INLINE_BELOW) return verifyAndCheck(items, ctx);
    this.start();
    const chunks = Math.min(this.size, Math.ceil(items.length / MIN_CHUNK));
    const per = Math.ceil(items.length / chunks);
    const parts: Promise<CheckOutcome[]>[] = [];
    for (let i = 0; i < items.length; i += per) parts.push(this.send(items.slice(i, i + per), ctx));
    return (await Promise.all(parts)).flat();
  }

  /** Stops the workers (tests and scripts); the next run starts new ones. */
  async close(): Promise<void> {
    const lanes = this.lanes.splice(0);
    await Promise.all(lanes.map((l) => l.worker.terminate()));
  }

  private send(items: CheckItem[], ctx: CheckContext): Promise<CheckOutcome[]> {
    const lane = this.lanes.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      lane.jobs.set(id, { resolve, reject });
      lane.worker.postMessage({ id, items, ctx });
    });
  }

  private start() {
    while (this.lanes.length < this.size) this.lanes.push(this.spawn());
  }

  private spawn(): Lane {
    const worker = process.env.NEXT_RUNTIME ? new Worker(new URL("./check-worker.ts", import.meta.url)) : sourceWorker();
    worker.unref(); // never keeps a script alive
    const lane: Lane = { worker, jobs: new Map() };
    worker.on("message", ({ id, outcomes, error }: Reply) => {
      const job = lane.jobs.get(id);
      lane.jobs.delete(id);
      if (outcomes) job?.resolve(outcomes);
      else job?.reject(new Error(`a check worker failed: ${error}`));
    });
    const fail = (err: Error) => {
      this.lanes = this.lanes.filter((l) => l !== lane);
      for (const job of lane.jobs.values()) job.reject(err);
      lane.jobs.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`a check worker exited (code ${code})`)));
    return lane;
  }
}

// Next bundles check-worker.ts with the app. Run from source (tsx: scripts, benchmarks), the worker registers
// tsx's loader before it loads the TypeScript (a path the bundler is not meant to follow).
function sourceWorker(): Worker {
  const entry = JSON.stringify(import.meta.url.replace(/check-pool\.ts$/, "check-worker.ts"));
  return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true });
}

// One pool per process, surviving Next's module reloads in development.
const holder = globalThis as { __firebreakCheckPool?: CheckPool };

/** The process's check pool. */
export function checkPool(): CheckPool {
  return (holder.__firebreakCheckPool ??= new CheckPool(workerCount()));
}

function workerCount(): number {
  // The request thread keeps a core: on 2 cores one worker beside it ingested 5-15 % more than two
  // (interleaved benchmark runs), the three threads no longer taking turns on two cores.
  return config().FIREBREAK_INGEST_WORKERS ?? Math.max(1, availableParallelism() - 1);
}
