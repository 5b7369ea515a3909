import "server-only";
import { ZPolicy, type TPolicy } from "../../domain/policy.ts";
import { AppError } from "../errors.ts";
import { getDryRun } from "./get-dry-run.ts";
import { getDb } from "../db/client.ts";

/** What an audit entry of a policy published from a dry run says about that dry run. */
export type DryRunSummary = {
  id: string; from: string; to: string; againstVersion: number; validations: number;
  boundariesChanged: number; summary: string[];
};

/**
 * The summary of a finished dry run of exactly this policy, for the audit entry of publishing it; 409 when
 * the dry run has not finished or was of a different draft.
 */
export async function dryRunSummaryFor(opts: { id: string; policy: TPolicy }): Promise<DryRunSummary> {
  const view = await getDryRun({ id: opts.id });
  if (view.status !== "done" || !view.result) throw new AppError("conflict", `dry run ${opts.id} has not finished (${view.status})`);
  const row = await getDb().dryRun.findUniqueOrThrow({ where: { id: opts.id }, select: { draft: true } });
  if (JSON.stringify(ZPolicy.parse(JSON.parse(row.draft))) !== JSON.stringify(opts.policy)) {
    throw new AppError("conflict", `dry run ${opts.id} replayed a different draft; run it again on this one`);
  }
  const r = view.result;
  return {
    id: view.id, from: view.from, to: view.to, againstVersion: view.currentVersion, validations: r.validations,
    boundariesChanged: r.boundaries.filter((b) => b.change !== 0).length, summary: r.summary,
  };
}
