import { canSend } from "./breaker-gate.ts";
import { ANOMALOUS_SCORE } from "./breaker-state.ts";
import { compareReplays, type TDryRunResult } from "./dry-run-compare.ts";
import type { TBoundaryReplay } from "./dry-run-boundary.ts";
import { boundaryKey, PolicyReplay } from "./dry-run-policy.ts";
import type { TPolicy } from "./policy.ts";

export { boundaryKey, type TRefusalReason } from "./dry-run-policy.ts";
export * from "./dry-run-compare.ts";

/** One stored validation as the dry run reads it (`at` epoch ms; `depth` the message's chain depth). */
export type TRecordedValidation = {
  at: number; messageId: string; sender: string; receiver: string; outcome: "accepted" | "rejected";
  anomalyScore: number; fanOut: number; depth: number;
  /** The receiver's breaker refused it unseen (reasons ["breaker_open"]): nobody knows what its verdict would have been. */
  unvalidated: boolean;
};

/** Points of each boundary's chart across the window. */
export const CHART_BUCKETS = 60;
// A message whose other receivers never report is forgotten after this long (bounded memory).
const PENDING_MAX_AGE_MS = 600_000;

type TPending = { sender: string; left: number; at: number };
type TChart = { messages: Uint32Array; failed: Uint32Array };
type TLane = { chart: TChart; current: TBoundaryReplay; draft: TBoundaryReplay };

function chartPoint(c: TChart, v: TRecordedValidation, from: number, bucketMs: number): void {
  const i = Math.min(CHART_BUCKETS - 1, Math.max(0, Math.floor((v.at - from) / bucketMs)));
  c.messages[i]++;
  if (v.outcome === "rejected" || v.anomalyScore >= ANOMALOUS_SCORE) c.failed[i]++;
}

/**
 * A dry run: the recorded traffic of [from, to) replayed, in time order, against the policy in force and a
 * draft, both through the lib/domain breaker and caps. Memory grows with boundaries and senders, not with
 * the number of validations (messages waiting for their other receivers are bounded in age).
 */
export class DryRun {
  readonly current: PolicyReplay;
  readonly draft: PolicyReplay;
  private readonly pending = new Map<string, TPending>();
  private readonly charts = new Map<string, TChart>();
  private readonly lanes = new Map<string, Map<string, TLane>>();
  private validations = 0;
  private readonly bucketMs: number;

  constructor(current: TPolicy, draft: TPolicy, readonly from: number, readonly to: number) {
    this.current = new PolicyReplay(current);
    this.draft = new PolicyReplay(draft);
    this.bucketMs = Math.max(1, Math.ceil((to - from) / CHART_BUCKETS));
  }

  private both(f: (r: PolicyReplay) => void): void {
    f(this.current);
    f(this.draft);
  }

  /** One recorded validation (call in time order, approvals and force-opens merged in); nothing of `v` is kept, so a caller may reuse it. */
  validation(v: TRecordedValidation): void {
    this.validations++;
    if ((this.validations & 4095) === 0 && this.pending.size > 1_000) this.forgetOld(v.at);
    this.track(v);
    const lane = this.lane(v.sender, v.receiver);
    chartPoint(lane.chart, v, this.from, this.bucketMs);
    if (v.unvalidated) {
      // Count it only where the replayed breaker would have refused it too; where it would have let it in,
      // its verdict is unknown, so it feeds neither breaker.
      for (const b of [lane.current, lane.draft]) if (!canSend(b.state, b.settings)) b.refused++;
      return;
    }
    this.current.validation(lane.current, v.sender, v);
    this.draft.validation(lane.draft, v.sender, v);
  }

  // One lookup per row for the boundary's chart and both breakers (ids nest: no key string built per row).
  private lane(sender: string, receiver: string): TLane {
    let bySender = this.lanes.get(sender);
    if (!bySender) this.lanes.set(sender, (bySender = new Map()));
    let lane = bySender.get(receiver);
    if (!lane) {
      const chart = { messages: new Uint32Array(CHART_BUCKETS), failed: new Uint32Array(CHART_BUCKETS) };
      this.charts.set(boundaryKey(sender, receiver), chart);
      bySender.set(receiver, (lane = { chart, current: this.current.boundary(sender, receiver), draft: this.draft.boundary(sender, receiver) }));
    }
    return lane;
  }

  /** A recorded approval of a reset (granted at `at`). */
  approval(sender: string, receiver: string, a: { at: number; approvalId: string; notBefore: number; expiresAt: number }): void {
    this.both((r) => r.approval(sender, receiver, a));
  }

  /** A recorded force-open. */
  forceOpen(sender: string, receiver: string, at: number, reason: string): void {
    this.both((r) => r.forceOpen(sender, receiver, at, reason));
  }

  /** How many validations were replayed so far. */
  get replayed(): number {
    return this.validations;
  }

  /** Ends the window and compares the two policies. */
  result(): TDryRunResult {
    this.both((r) => r.finish(this.to));
    return compareReplays({ current: this.current, draft: this.draft, from: this.from, to: this.to, validations: this.validations, bucketMs: this.bucketMs, charts: this.charts });
  }

  // A message's first validation stands for its sending (caps); its last receiver's, for its answer.
  private track(v: TRecordedValidation): void {
    // Direct calls, not both(): no closure per row. `v` is a send attempt as it stands (id, fanOut, depth).
    let p = this.pending.get(v.messageId);
    if (!p) {
      this.current.send(v.at, v.sender, v);
      this.draft.send(v.at, v.sender, v);
      if (v.fanOut <= 1) {
        this.current.answered(v.sender, v.messageId);
        this.draft.answered(v.sender, v.messageId);
        return;
      }
      this.pending.set(v.messageId, (p = { sender: v.sender, left: v.fanOut, at: v.at }));
    }
    if (--p.left > 0) return;
    this.pending.delete(v.messageId);
    this.current.answered(v.sender, v.messageId);
    this.draft.answered(v.sender, v.messageId);
  }

  private forgetOld(now: number): void {
    for (const [id, p] of this.pending) if (now - p.at > PENDING_MAX_AGE_MS) this.pending.delete(id);
  }


}
