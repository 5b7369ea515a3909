import { admit, initialBreakerState, stepBreaker, type TBreakerEffect, type TBreakerInput, type TBreakerState } from "../lib/domain/breaker.ts";
import type { TBreakerTransitionData } from "../lib/domain/event-data.ts";
import type { TClock } from "./clock.ts";
import type { PolicyHolder } from "./control/policy-holder.ts";
import type { TLogger } from "./logger.ts";
import type { Reporter } from "./reporter/reporter.ts";

/** What the receiver's breakers need. */
export type TBreakersDeps = {
  self: string;
  policy: PolicyHolder;
  reporter: Reporter;
  clock: TClock;
  logger: TLogger;
  onTransition?: (t: TBreakerTransitionData) => void;
  /** Breaker states saved by an earlier run (snapshot()), so epochs and seqs carry on across restarts. */
  initial?: Record<string, TBreakerState>;
  /** Told each time the breaker on `sender` gets a new state (to save it: states are replaced, never mutated). */
  onChange?: (sender: string, state: TBreakerState) => void;
};

/** The breakers this agent owns, one per sender (the breaker lives at the receiver), kept in memory. */
export class Breakers {
  private readonly states = new Map<string, TBreakerState>();

  constructor(private readonly deps: TBreakersDeps) {
    for (const [sender, state] of Object.entries(deps.initial ?? {})) this.states.set(sender, state);
  }

  /** The breaker on `sender` → this agent (a fresh CLOSED one if never seen). */
  state(sender: string): TBreakerState {
    return this.states.get(sender) ?? initialBreakerState();
  }

  /** Every sender with a breaker, and its state. */
  all(): Map<string, TBreakerState> {
    return new Map(this.states);
  }

  /** Lets one message from `sender` through if its breaker allows (in HALF_OPEN it becomes a probe). */
  admit(sender: string): boolean {
    this.tickOne(sender);
    const r = admit(this.state(sender), this.deps.policy.forBoundary(sender));
    this.set(sender, r.state);
    return r.allowed;
  }

  /** Feeds one input to the breaker on `sender`, reports its transitions, and returns the effects. */
  step(sender: string, input: TBreakerInput): TBreakerEffect[] {
    const now = this.deps.clock.now();
    const { state, effects } = stepBreaker(this.state(sender), input, this.deps.policy.forBoundary(sender), now);
    const changed = this.states.get(sender) !== state;
    this.states.set(sender, state);
    // Reported before onChange is told: a saver of both (the sidecar's state file) writes the new state and
    // the report of it in one write, so a crash between the two cannot leave an OPEN breaker with no report.
    for (const e of effects) this.act(sender, e);
    if (changed) this.deps.onChange?.(sender, state);
    return effects;
  }

  /** Moves every OPEN breaker whose approval is now in force to HALF_OPEN (and forgets expired approvals). */
  tick(): void {
    for (const sender of this.states.keys()) this.tickOne(sender);
  }

  private set(sender: string, state: TBreakerState): void {
    if (this.states.get(sender) === state) return;
    this.states.set(sender, state);
    this.deps.onChange?.(sender, state);
  }

  private tickOne(sender: string): void {
    const s = this.states.get(sender);
    if (s?.state === "OPEN" && s.approval) this.step(sender, { kind: "tick" });
  }

  private act(sender: string, e: TBreakerEffect): void {
    const { logger, self } = this.deps;
    if (e.type === "transition") {
      const data: TBreakerTransitionData = {
        sender, receiver: self, seq: e.seq, from: e.from, to: e.to,
        reason: (e.detail ? `${e.reason}: ${e.detail}` : e.reason).slice(0, 500),
        failureCount: e.failureCount, anomalyRate: Math.min(1, Math.max(0, e.anomalyRate)),
        ...(e.approvalId ? { approvalId: e.approvalId } : {}),
      };
      this.deps.reporter.report("firebreak.breaker.transition", data);
      logger.info(`breaker ${sender} → ${self}: ${e.from} → ${e.to} (${data.reason})`, { epoch: e.epoch, seq: e.seq });
      this.deps.onTransition?.(data);
    } else if (e.type === "review_needed") {
      logger.info(`breaker ${sender} → ${self} waits for a human review`, { epoch: e.epoch, requiredApprovals: e.requiredApprovals });
    } else if (e.type !== "rejected_while_open") {
      logger.warn(`breaker ${sender} → ${self}: ${e.type}`, { ...e });
    }
  }
}
