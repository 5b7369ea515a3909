import "server-only";
import type { TPolicy } from "../../domain/policy.ts";
import { getDb } from "../db/client.ts";
import { replayWindow } from "./replay-window.ts";

// How often the job writes its progress (and learns whether it was cancelled).
const PROGRESS_EVERY_MS = 250;
// Jobs running on this replica: a dry run takes a core while it runs.
const running = new Set<string>();

/** How many dry runs this replica is running. */
export const runningJobs = () => running.size;

/**
 * Runs one stored dry run to its end on this replica, off the request: progress is written as it goes,
 * a cancel (status set by any replica) stops it at the next page, a failure is stored with its message.
 */
export async function runDryRunJob(opts: { id: string; current: TPolicy; draft: TPolicy; from: Date; to: Date }): Promise<void> {
  const db = getDb();
  const { id } = opts;
  running.add(id);
  let lastWrite = 0;
  const stillRunning = { id, status: "running" };
  try {
    const result = await replayWindow({
      ...opts,
      onPage: async (progress) => {
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
