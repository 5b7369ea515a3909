// A dry run's replay on a worker thread (replay-in-worker.ts): reads the window on a connection of its own,
// replays it, and posts its progress after every page and its result at the end.
import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { replayWindow } from "./replay-window.ts";
import type { WorkerInput, WorkerMessage } from "./replay-in-worker.ts";
import { openValidationSource } from "./validation-source.ts";

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function main(input: WorkerInput): Promise<void> {
  const source = await openValidationSource(input.url);
  try {
    const result = await replayWindow({
      ...input, source,
      onPage: (progress, replayed) => (post({ kind: "progress", progress, replayed, heapUsed: process.memoryUsage().heapUsed }), true),
    });
    post({ kind: "done", result: result! });
  } finally {
    await source.close();
  }
}

main(workerData as WorkerInput).catch((err: unknown) => post({ kind: "failed", error: err instanceof Error ? err.message : String(err) }));
