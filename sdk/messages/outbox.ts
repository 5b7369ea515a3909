import { checkChainDepth, checkFanOut, expireFanOuts, fanOutTracker, finishFanOut, rateWindow, recordSend, startFanOut } from "../../lib/domain/caps.ts";
import type { TFanOutPolicy } from "../../lib/domain/policy.ts";
import type { TCheck } from "../../lib/domain/violation.ts";

/** The sender's caps in one place: per-cycle rate, unanswered fan-outs, and who still owes an answer. */
export class Outbox {
  private rate = rateWindow();
  private fanOuts = fanOutTracker();
  private readonly waiting = new Map<string, Set<string>>();

  /** Checks one message against the caps (fan-out, chain depth, rate, concurrent fan-outs); counts it only if all pass. */
  begin(messageId: string, receivers: readonly string[], chain: readonly string[], settings: TFanOutPolicy, now: number): TCheck {
    const fanOut = checkFanOut(receivers, settings);
    if (!fanOut.ok) return fanOut;
    const depth = checkChainDepth(chain, settings);
    if (!depth.ok) return depth;
    // A receiver that never answers must not hold a slot forever: fan-outs older than a cycle are forgotten.
    const live = expireFanOuts(this.fanOuts, now, settings.cycle_s * 1000);
    for (const id of this.waiting.keys()) if (!live.open.some((f) => f.id === id)) this.waiting.delete(id);
    const rate = recordSend(this.rate, now, settings);
    if (!rate.ok) return rate;
    const started = startFanOut(live, messageId, now, settings);
    if (!started.ok) return started;
    this.rate = rate.state;
    this.fanOuts = started.state;
    this.waiting.set(messageId, new Set(receivers));
    return { ok: true };
  }

  /** Records that `receiver` answered `messageId`; the fan-out ends when every receiver has. */
  acknowledge(messageId: string, receiver: string): void {
    const left = this.waiting.get(messageId);
    if (!left) return;
    left.delete(receiver);
    if (left.size > 0) return;
    this.waiting.delete(messageId);
    this.fanOuts = finishFanOut(this.fanOuts, messageId);
  }

  /** How many fan-outs still wait for an answer. */
  get unanswered(): number {
    return this.waiting.size;
  }
}
