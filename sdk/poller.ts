import type { TClock } from "./clock.ts";
import type { TLogger } from "./logger.ts";

/** What the background poller runs. */
export type TPollerOptions = { clock: TClock; logger: TLogger; intervalMs: number; poll: () => Promise<unknown>; refreshPolicy: () => Promise<unknown> };

/** Polls directives in the background every intervalMs (after fetching the policy once); errors are logged, never thrown. */
export class Poller {
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;

  constructor(private readonly opts: TPollerOptions) {}

  /** Starts polling (a second call while running does nothing). */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    await this.guard("policy fetch failed; keeping the policy in force", this.opts.refreshPolicy);
    while (!this.stopping) {
      await this.guard("directive poll failed", this.opts.poll);
      // stop() wakes the loop at once instead of waiting out the interval.
      if (!this.stopping) await Promise.race([this.opts.clock.sleep(this.opts.intervalMs), new Promise<void>((r) => (this.wake = r))]);
    }
  }

  private async guard(message: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.opts.logger.warn(message, { error: (err as Error).message });
    }
  }
}
