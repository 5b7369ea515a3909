import { finishFanOut } from "../../lib/domain/caps.ts";
import { chainDepth } from "../../lib/domain/provenance.ts";
import type { TFanOutPolicy } from "../../lib/domain/policy.ts";
import { checkSend, sendCaps } from "../../lib/domain/send-caps.ts";
import type { TCheck } from "../../lib/domain/violation.ts";

/** The sender's caps in one place: per-cycle rate, unanswered fan-outs, and who still owes an answer. */
export class Outbox {
  private caps = sendCaps();
  private readonly waiting = new Map<string, Set<string>>();

  /** Checks one message against the caps (fan-out, chain depth, rate, concurrent fan-outs); counts it only if all pass. */
  begin(messageId: string, receivers: readonly string[], chain: readonly string[], settings: TFanOutPolicy, now: number): TCheck {
    const unique = new Set(receivers);
    const check = checkSend(this.caps, { messageId, fanOut: unique.size, depth: chainDepth(chain) }, settings, now);
    this.caps = check.state;
    const live = check.state.fanOuts.open;
    for (const id of this.waiting.keys()) if (!live.some((f) => f.id === id)) this.waiting.delete(id);
    if (!check.ok) return { ok: false, rule: check.rule, detail: check.detail, ...(check.count === undefined ? {} : { count: check.count }) };
    this.waiting.set(messageId, unique);
    return { ok: true };
  }

  /** Records that `receiver` answered `messageId`; the fan-out ends when every receiver has. */
  acknowledge(messageId: string, receiver: string): void {
    const left = this.waiting.get(messageId);
    if (!left) return;
    left.delete(receiver);
    if (left.size > 0) return;
    this.waiting.delete(messageId);
    this.caps = { ...this.caps, fanOuts: finishFanOut(this.caps.fanOuts, messageId) };
  }

  /** How many fan-outs still wait for an answer. */
  get unanswered(): number {
    return this.waiting.size;
  }
}
