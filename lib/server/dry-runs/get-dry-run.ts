import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { toDryRunView, type DryRunView } from "./dry-run-view.ts";

/** One dry run with its progress and, once done, its result; not_found for an unknown id. */
export async function getDryRun(opts: { id: string }): Promise<DryRunView> {
  const row = await getDb().dryRun.findUnique({ where: { id: opts.id } });
  if (!row) throw new AppError("not_found", `no dry run ${opts.id}`);
  return toDryRunView(row);
}

/** Cancels a running dry run (the job stops at its next page, on whichever replica runs it); 409 once it has ended. */
export async function cancelDryRun(opts: { id: string }): Promise<DryRunView> {
  const db = getDb();
  const { count } = await db.dryRun.updateMany({ where: { id: opts.id, status: "running" }, data: { status: "cancelled", updatedAt: new Date() } });
  const view = await getDryRun(opts);
  if (count === 0) throw new AppError("conflict", `the dry run has ended already (${view.status})`);
  return view;
}
