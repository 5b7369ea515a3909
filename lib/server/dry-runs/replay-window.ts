import "server-only";
import { DryRun, type TDryRunResult } from "../../domain/dry-run.ts";
import type { TPolicy } from "../../domain/policy.ts";
import type { THumanAction } from "./read-human-actions.ts";
import { fillValidation, readValidationPages, recordedValidation } from "./read-validations.ts";
import type { ValidationSource } from "./validation-source.ts";

export type ReplayWindowOptions = {
  current: TPolicy; draft: TPolicy; from: number; to: number; pageSize?: number;
  /** The stored validations, read on a connection of the replay's own. */
  source: ValidationSource;
  /** Approvals and force-opens of the window, in time order. */
  actions: THumanAction[];
  /** Called after each page with the share of the window replayed; answering false stops the replay (null result). */
  onPage?: (progress: number, replayed: number) => Promise<boolean> | boolean;
};

function feed(run: DryRun, a: THumanAction): void {
  if (a.kind === "approval") run.approval(a.sender, a.receiver, a);
  else run.forceOpen(a.sender, a.receiver, a.at, a.reason);
}

/**
 * Replays the stored traffic of [from, to) against both policies, page by page, with the recorded human
 * decisions merged in at their times.
 */
export async function replayWindow(opts: ReplayWindowOptions): Promise<TDryRunResult | null> {
  const { from, to, actions } = opts;
  const run = new DryRun(opts.current, opts.draft, from, to);
  const v = recordedValidation();
  let k = 0;
  for await (const page of readValidationPages(opts.source, { from, to, pageSize: opts.pageSize })) {
    for (let i = 0; i < page.length; i++) {
      fillValidation(v, page[i]);
      while (k < actions.length && actions[k].at <= v.at) feed(run, actions[k++]);
      run.validation(v);
    }
    const progress = Math.min(1, Math.max(0, (v.at - from) / Math.max(1, to - from)));
    if (opts.onPage && !(await opts.onPage(progress, run.replayed))) return null;
  }
  while (k < actions.length) feed(run, actions[k++]);
  return run.result();
}
