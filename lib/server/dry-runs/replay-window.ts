import "server-only";
import { DryRun, type TDryRunResult } from "../../domain/dry-run.ts";
import type { TPolicy } from "../../domain/policy.ts";
import { readHumanActions, type THumanAction } from "./read-human-actions.ts";
import { readValidations } from "./read-validations.ts";

export type ReplayWindowOptions = {
  current: TPolicy; draft: TPolicy; from: Date; to: Date; pageSize?: number;
  /** Called after each page with the share of the window replayed; answering false stops the replay (null result). */
  onPage?: (progress: number, replayed: number) => Promise<boolean> | boolean;
};

function feed(run: DryRun, a: THumanAction): void {
  if (a.kind === "approval") run.approval(a.sender, a.receiver, a);
  else run.forceOpen(a.sender, a.receiver, a.at, a.reason);
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Replays the stored traffic of [from, to) against both policies, page by page, with the recorded human
 * decisions merged in at their times. Yields to the event loop between pages, so requests keep being served.
 */
export async function replayWindow(opts: ReplayWindowOptions): Promise<TDryRunResult | null> {
  const [from, to] = [opts.from.getTime(), opts.to.getTime()];
  const run = new DryRun(opts.current, opts.draft, from, to);
  const actions = await readHumanActions({ from: opts.from, to: opts.to });
  let k = 0;
  for await (const page of readValidations({ from: opts.from, to: opts.to, pageSize: opts.pageSize })) {
    for (const v of page) {
      while (k < actions.length && actions[k].at <= v.at) feed(run, actions[k++]);
      run.validation(v);
    }
    const progress = Math.min(1, Math.max(0, (page[page.length - 1].at - from) / Math.max(1, to - from)));
    if (opts.onPage && !(await opts.onPage(progress, run.replayed))) return null;
    await nextTick();
  }
  while (k < actions.length) feed(run, actions[k++]);
  return run.result();
}
