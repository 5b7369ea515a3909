import "server-only";
import type { TDryRunResult } from "../../domain/dry-run.ts";
import type { DryRun } from "../generated/prisma/client.ts";

/** A dry run as the API shows it; `result` once done. */
export type DryRunView = {
  id: string; status: "running" | "done" | "failed" | "cancelled"; progress: number; from: string; to: string;
  currentVersion: number; createdBy: string; createdAt: string; error: string | null; result: TDryRunResult | null;
};

/** A running job whose replica has not moved it on for this long has stopped (the replica went away). */
export const STALLED_AFTER_MS = 60_000;

/** The stored row as the API shows it; a stalled job shows as failed. */
export function toDryRunView(row: DryRun, now = Date.now()): DryRunView {
  const stalled = row.status === "running" && now - row.updatedAt.getTime() > STALLED_AFTER_MS;
  return {
    id: row.id,
    status: stalled ? "failed" : (row.status as DryRunView["status"]),
    progress: row.progress,
    from: row.fromTime.toISOString(),
    to: row.toTime.toISOString(),
    currentVersion: row.currentVersion,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    error: stalled ? "the replica running this dry run stopped; start it again" : row.error,
    result: row.status === "done" && row.result ? (JSON.parse(row.result) as TDryRunResult) : null,
  };
}
