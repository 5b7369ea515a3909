import { finishFanOut } from "./caps.ts";
import { boundaryReplay, finishReplay, replayApproval, replayForceOpen, replayValidation, type TBoundaryReplay } from "./dry-run-boundary.ts";
import type { TFanOutPolicy, TPolicy } from "./policy.ts";
import { boundaryPolicy, effectivePolicy } from "./effective-policy.ts";
import { checkSend, sendCaps, type TCapName, type TSendAttempt, type TSendCaps } from "./send-caps.ts";

/** Why the replay says a message would have been refused: one of the caps, or the breaker. */
export type TRefusalReason = TCapName | "breaker_open";

type TSender = { caps: TSendCaps; settings: TFanOutPolicy; refused: Map<TRefusalReason, number> };

/** Boundary key: sender and receiver ids cannot hold a space. */
export const boundaryKey = (sender: string, receiver: string) => `${sender} ${receiver}`;

/**
 * Everything one policy would have done with a window of recorded traffic: a breaker per boundary and the
 * caps per sender, each run by the same lib/domain functions the agents run. Feed it in time order.
 */
export class PolicyReplay {
  readonly boundaries = new Map<string, TBoundaryReplay>();
  readonly senders = new Map<string, TSender>();

  constructor(readonly policy: TPolicy) {}

  /** The boundary's breaker (created CLOSED with its effective settings on first use). */
  boundary(sender: string, receiver: string): TBoundaryReplay {
    const key = boundaryKey(sender, receiver);
    let b = this.boundaries.get(key);
    if (!b) this.boundaries.set(key, (b = boundaryReplay(boundaryPolicy(this.policy, sender, receiver))));
    return b;
  }

  private sender(agent: string): TSender {
    let s = this.senders.get(agent);
    if (!s) this.senders.set(agent, (s = { caps: sendCaps(), settings: effectivePolicy(this.policy, { agent }).fan_out, refused: new Map() }));
    return s;
  }

  private refuse(agent: string, reason: TRefusalReason): void {
    const refused = this.sender(agent).refused;
    refused.set(reason, (refused.get(reason) ?? 0) + 1);
  }

  /** A message first seen at `at`: the sender's caps check it as the SDK does before sending. */
  send(at: number, sender: string, m: TSendAttempt): void {
    const s = this.sender(sender);
    const check = checkSend(s.caps, m, s.settings, at);
    s.caps = check.state;
    if (!check.ok) this.refuse(sender, check.cap);
  }

  /** Every receiver of the message has answered: its fan-out slot is free again. */
  answered(sender: string, messageId: string): void {
    const s = this.sender(sender);
    s.caps = { rate: s.caps.rate, fanOuts: finishFanOut(s.caps.fanOuts, messageId) };
  }

  /** One receiver's validation of a message from `sender`, at that boundary's breaker (from boundary()). */
  validation(b: TBoundaryReplay, sender: string, v: { at: number; outcome: "accepted" | "rejected"; anomalyScore: number }): void {
    if (!replayValidation(b, v)) this.refuse(sender, "breaker_open");
  }

  /** A person's approval of a reset of the boundary. */
  approval(sender: string, receiver: string, a: { at: number; approvalId: string; notBefore: number; expiresAt: number }): void {
    replayApproval(this.boundary(sender, receiver), a);
  }

  /** A person's force-open of the boundary. */
  forceOpen(sender: string, receiver: string, at: number, reason: string): void {
    replayForceOpen(this.boundary(sender, receiver), at, reason);
  }

  /** Ends the window at `to`. */
  finish(to: number): void {
    for (const b of this.boundaries.values()) finishReplay(b, to);
  }
}
