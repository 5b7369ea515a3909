import type { TClock } from "./clock.ts";
import { backoffDelay } from "./reporter/backoff.ts";
import type { TLogger } from "./logger.ts";

/** What the background poller runs. */
export type TPollerOptions = {
  clock: TClock;
  logger: TLogger;
  /** Between polls (plain polling), and after a failed one. */
  intervalMs: number;
  /** One round; `signal` aborts a held request when the poller stops. */
  poll: (signal: AbortSignal) => Promise<unknown>;
  refreshPolicy: () => Promise<unknown>;
  /** The control plane holds each poll until there is news: poll again at once after an answer. */
  longPoll?: boolean;
  /** Run every intervalMs while the poller runs (time-driven breaker moves do not wait for a long poll). */
  tick?: () => void;
  random?: () => number;
};

/** A long poll answered empty sooner than this was not held (a control plane that does not wait): pause. */
const HELD_MS = 1_000;
/** Longest pause after failures in a row (the pause doubles from 2 × intervalMs up to this). */
const MAX_BACKOFF_MS = 60_000;

const isEmptyPage = (r: unknown) => Array.isArray((r as { directives?: unknown[] } | undefined)?.directives) && (r as { directives: unknown[] }).directives.length === 0;

/** Polls directives in the background (after fetching the policy once); errors are logged, never thrown. */
export class Poller {
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private ticker?: ReturnType<typeof setInterval>;
  private abort?: AbortController;

  constructor(private readonly opts: TPollerOptions) {}

  /** Starts polling (a second call while running does nothing). */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    if (this.opts.tick) {
      this.ticker = setInterval(this.opts.tick, this.opts.intervalMs);
      this.ticker.unref?.();
    }
    this.running = this.loop();
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.ticker);
    this.abort?.abort();
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    await this.guard("policy fetch failed; keeping the policy in force", this.opts.refreshPolicy);
    let failures = 0;
    while (!this.stopping) {
      const started = this.opts.clock.now();
      this.abort = new AbortController();
      const signal = this.abort.signal;
      const result = await this.guard("directive poll failed", () => this.opts.poll(signal));
      if (this.stopping) break;
      const held = this.opts.longPoll && result.ok && !(isEmptyPage(result.value) && this.opts.clock.now() - started < HELD_MS);
      failures = result.ok ? 0 : failures + 1;
      // stop() wakes the loop at once instead of waiting out the interval. The pause is jittered (±25 %), and
      // after failures in a row it doubles (drawn from [d/2, d], d from 2 × intervalMs up to a minute), so that
      // many agents cut off together (a restart of the control plane) come back spread out, not in a storm.
      if (!this.stopping && !held) {
        const random = this.opts.random ?? Math.random;
        const pause = failures > 0 ? backoffDelay(failures, this.opts.intervalMs, MAX_BACKOFF_MS, random) : Math.round(this.opts.intervalMs * (0.75 + 0.5 * random()));
        await Promise.race([this.opts.clock.sleep(pause), new Promise<void>((r) => (this.wake = r))]);
      }
    }
  }

  private async guard(message: string, fn: () => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false }> {
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      this.opts.logger.warn(message, { error: (err as Error).message });
      return { ok: false };
    }
  }
}
