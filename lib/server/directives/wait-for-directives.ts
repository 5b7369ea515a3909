import "server-only";
import { subscribe } from "../bus.ts";
import { findNewDirectives } from "./directive-heads.ts";
import { findDirectives, type DirectiveFeed } from "./find-directives.ts";

/** Longest a directive request may wait for something new (an agent request token lives ≤ 60 s). */
export const MAX_WAIT_S = 30;

// A queued directive is announced inside its transaction, before the commit (and across replicas the NOTIFY
// may overtake it too): a woken request looks again at these delays, then every SETTLE_EVERY_MS until the row
// shows or its deadline comes. A replica short of CPU can commit seconds after it announced; a request that
// gave up sooner left the directive to the agent's next poll, up to 30 s later (docs/benchmarks.md#directives).
const SETTLE_MS = [0, 25, 100, 250, 500, 1_000];
const SETTLE_EVERY_MS = 2_000;

type Waiter = () => void;
type Registry = { byAgent: Map<string, Set<Waiter>>; unsubscribe?: () => void };
const holder = globalThis as { __firebreakDirectiveWaiters?: Registry };

/** One bus listener for every waiting request, woken by agent id: 10,000 waiting agents cost one map lookup. */
function registry(): Registry {
  const r: Registry = (holder.__firebreakDirectiveWaiters ??= { byAgent: new Map() });
  r.unsubscribe ??= subscribe((m) => {
    if (m.type === "directives.queued") {
      const wake = m.agentId === null ? [...r.byAgent.values()] : [r.byAgent.get(m.agentId)].filter((w) => w !== undefined);
      for (const set of wake) for (const w of set) w();
    } else if (m.type === "resync") {
      for (const set of r.byAgent.values()) for (const w of set) w(); // messages may have been missed
    }
  });
  return r;
}

/** A request's place among the waiters: registered before its first look, so no announcement falls in between. */
function listen(agentId: string) {
  const r = registry();
  let set = r.byAgent.get(agentId);
  if (!set) r.byAgent.set(agentId, (set = new Set()));
  let woken = false;
  let notify: (() => void) | undefined;
  const waiter = () => {
    woken = true;
    notify?.();
  };
  set.add(waiter);
  return {
    /** Resolves true once woken (at once if it already was since the last call), false at `ms` or on abort. */
    next(ms: number, signal: AbortSignal): Promise<boolean> {
      if (woken) {
        woken = false;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const done = (v: boolean) => {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          notify = undefined;
          woken = false;
          resolve(v);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), ms);
        notify = () => done(true);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    close() {
      set!.delete(waiter);
      if (set!.size === 0) r.byAgent.delete(agentId);
    },
  };
}

/** Resolves after `ms`, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * An agent's directives after `after`, waiting up to `waitS` seconds for one to be queued when there are none
 * yet (long polling): an idle agent holds one open request instead of asking every few seconds, and a new
 * directive reaches it as soon as it is committed. Answers the empty feed at the deadline or when the client leaves.
 */
export async function waitForDirectives(opts: { agentId: string; after?: string | null; waitS: number; signal: AbortSignal }): Promise<DirectiveFeed> {
  if (opts.waitS <= 0) return findNewDirectives(opts);
  // Up to a tenth sooner, at random: agents that connected together (a restart, a deploy) are answered, and so
  // come back, spread out instead of all at the same instant every cycle.
  const waitMs = Math.min(opts.waitS, MAX_WAIT_S) * 1000;
  const deadline = Date.now() + (opts.waitS >= 5 ? waitMs * (1 - 0.1 * Math.random()) : waitMs);
  const waiting = listen(opts.agentId);
  try {
    const first = await findNewDirectives(opts);
    if (first.directives.length > 0) return first;
    while (!opts.signal.aborted && Date.now() < deadline) {
      if (!(await waiting.next(deadline - Date.now(), opts.signal))) break;
      // Woken: look until the row shows (a transaction that rolled back costs a read every 2 s until the deadline).
      for (let i = 0; !opts.signal.aborted; i++) {
        const delay = SETTLE_MS[i] ?? SETTLE_EVERY_MS;
        if (Date.now() + delay >= deadline) return first;
        if (delay) await sleep(delay, opts.signal);
        const feed = await findDirectives(opts);
        if (feed.directives.length > 0) return feed;
      }
    }
    return first;
  } finally {
    waiting.close();
  }
}
