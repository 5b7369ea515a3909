import "server-only";
import type { TPolicy } from "../../domain/policy.ts";
import { getDb } from "../db/client.ts";
import { databaseUrl } from "../db/url.ts";
import { readHumanActions } from "./read-human-actions.ts";
import { replayInWorker } from "./replay-in-worker.ts";

// How often the job writes its progress (and learns whether it was cancelled).
const PROGRESS_EVERY_MS = 250;
// Jobs running on this replica: a dry run takes a core while it runs.
const running = new Set<string>();

/** How many dry runs this replica is running. */
export const runningJobs = () => running.size;

/**
 * Runs one stored dry run to its end on this replica, on a worker thread (the request thread only relays
 * progress): progress is written as it goes, a cancel (status set by any replica) stops the worker at its
 * next page, a failure is stored with its message.
 */
export async function runDryRunJob(opts: { id: string; current: TPolicy; draft: TPolicy; from: Date; to: Date }): Promise<void> {
  const db = getDb();
  const { id } = opts;
  running.add(id);
  let lastWrite = 0;
  const stillRunning = { id, status: "running" };
  try {
    const actions = await readHumanActions({ from: opts.from, to: opts.to });
    const result = await replayInWorker({
      url: databaseUrl(), current: opts.current, draft: opts.draft, from: opts.from.getTime(), to: opts.to.getTime(), actions,
      onProgress: async (progress) => {
        if (Date.now() - lastWrite < PROGRESS_EVERY_MS) return true;
        lastWrite = Date.now();
        const { count } = await db.dryRun.updateMany({ where: stillRunning, data: { progress, updatedAt: new Date() } });
        return count === 1;
      },
    });
    if (result) {
      await db.dryRun.updateMany({ where: stillRunning, data: { status: "done", progress: 1, result: JSON.stringify(result), updatedAt: new Date() } });
    }
  } catch (err) {
    console.error(`dry run ${id} failed`, err);
    const error = err instanceof Error ? err.message.slice(0, 500) : "unknown error";
    await db.dryRun.updateMany({ where: stillRunning, data: { status: "failed", error, updatedAt: new Date() } }).catch(() => {});
  } finally {
    running.delete(id);
  }
}
