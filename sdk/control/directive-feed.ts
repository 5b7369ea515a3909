import type { TDirective } from "../../lib/domain/directives.ts";
import type { TAgentContext } from "../context.ts";
import type { ControlPlane } from "./control-plane.ts";
import { applyDirective, fetchDirectives, type TDirectivePage } from "./directives.ts";

/** Pages of directives one poll reads at most: the rest wait for the next poll. */
const MAX_PAGES_PER_POLL = 50;

/**
 * An agent's directive poll: each call fetches, verifies and applies every page queued since the last one
 * (a backlog never hides the newest policy_updated behind it), then calls `after`. Calls never overlap: the
 * background poller and a caller's own poll would otherwise apply the same page twice. A call made while a
 * long poll is held ends that poll's request, runs, and the long poll then holds again.
 */
export function directiveFeed(ctx: TAgentContext, cp: ControlPlane, after: () => void): (waitS?: number, signal?: AbortSignal) => Promise<TDirectivePage> {
  let cursor: string | undefined;
  // waitS: the first page may be held at the control plane until there is news (long polling); the rest are not.
  const pollOnce = async (waitS = 0, signal?: AbortSignal): Promise<TDirectivePage> => {
    // An announced policy an earlier fetch did not get (it met an older copy, or failed) is fetched again.
    if (ctx.policy.isBehind) await ctx.policy.refresh(cp);
    const directives: TDirective[] = [];
    let skipped = 0;
    for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
      const page = await fetchDirectives(cp, ctx.id, cursor, pages === 0 ? waitS : 0, signal);
      for (const d of page.directives) await applyDirective(ctx, cp, d);
      const moved = page.cursor !== cursor;
      cursor = page.cursor;
      directives.push(...page.directives);
      skipped += page.skipped;
      if (!moved || page.directives.length + page.skipped === 0) break;
    }
    after();
    return { directives, skipped, cursor: cursor ?? "" };
  };
  let polling: Promise<unknown> = Promise.resolve();
  // The long poll held (or queued to be): a later call ends its request rather than wait out its wait.
  let held: AbortController | undefined;
  const PREEMPTED = Symbol("preempted");
  const enqueue = <T>(run: () => Promise<T>): Promise<T> => {
    const next = polling.then(run, run);
    polling = next.catch(() => {});
    return next;
  };
  const longPoll = async (waitS: number, signal?: AbortSignal): Promise<TDirectivePage> => {
    const own = new AbortController();
    held = own;
    const page = await enqueue(async () => {
      try {
        return await pollOnce(waitS, signal ? AbortSignal.any([signal, own.signal]) : own.signal);
      } catch (err) {
        if (own.signal.aborted && !signal?.aborted) return PREEMPTED; // what was applied stays applied
        throw err;
      } finally {
        if (held === own) held = undefined;
      }
    });
    // Ended for a later call: hold again once that call is done, as if this poll had never been cut.
    return page === PREEMPTED ? longPoll(waitS, signal) : page;
  };
  return (waitS = 0, signal) => {
    held?.abort();
    return waitS > 0 ? longPoll(waitS, signal) : enqueue(() => pollOnce(0, signal));
  };
}
