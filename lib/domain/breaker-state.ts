import type { TBreakerPolicy, TFanOutPolicy } from "./policy.ts";

/** The three breaker states. */
export const BREAKER_STATES = ["CLOSED", "OPEN", "HALF_OPEN"] as const;
/** A breaker state name. */
export type TBreakerStateName = (typeof BREAKER_STATES)[number];

/** Sliding window: the last 20 validations seen while CLOSED (count-based, not time-based). */
export const WINDOW_SIZE = 20;
/** The anomaly-rate rule only fires once the window holds at least this many validations. */
export const MIN_ANOMALY_SAMPLES = 10;
/** A validation whose anomalyScore is at or above this counts as anomalous. */
export const ANOMALOUS_SCORE = 0.5;
/** Trips within FLAPPING_WINDOW_MS that make a boundary flapping. */
export const FLAPPING_TRIPS = 3;
/** One hour. */
export const FLAPPING_WINDOW_MS = 3_600_000;
/** Trip times older than the flapping window are pruned; at most this many are kept. */
export const MAX_TRIPS_KEPT = 16;

/** One validation in the sliding window. */
export type TWindowEntry = { t: number; anomalous: boolean; rejected: boolean };

/** An approval in hand (epoch ms times), waiting for its cooldown / notBefore. */
export type TApproval = { approvalId: string; epoch: number; notBefore: number; expiresAt: number };

/** Breaker state at the receiver of one boundary; replaced, never mutated, by stepBreaker. */
export type TBreakerState = {
  state: TBreakerStateName;
  /** Incremented by every trip; approvals and probe results name it. */
  epoch: number;
  /** Incremented by every transition; the `seq` of breaker.transition events. */
  seq: number;
  /** Rejected validations in the window (reset on trip and on close). */
  failures: number;
  window: readonly TWindowEntry[];
  probesInFlight: number;
  probesAccepted: number;
  trippedAt?: number;
  cooldownEndsAt?: number;
  approval?: TApproval;
  /** Recent trip times (epoch ms), for flapping. */
  tripsHistory: readonly number[];
};

/** What the breaker needs from the effective policy (an effectivePolicy() result fits). */
export type TBreakerSettings = {
  breaker: TBreakerPolicy;
  fan_out: Pick<TFanOutPolicy, "cooldown_after_trip_s">;
};

/** Why a transition happened. */
export type TTransitionReason =
  | "failure_threshold"
  | "anomaly_threshold"
  | "force_open"
  | "probe_failed"
  | "approved"
  | "probes_passed";

/** A validation or probe outcome. */
export type TOutcome = "accepted" | "rejected";

/** What can happen to a breaker. Times are epoch ms. */
export type TBreakerInput =
  | { kind: "validation"; outcome: TOutcome; anomalyScore: number; at: number }
  | { kind: "force_open"; reason: string }
  | { kind: "approval"; approvalId: string; epoch: number; notBefore: number; expiresAt: number }
  | { kind: "tick" }
  | { kind: "probe_result"; outcome: TOutcome; epoch: number };

/** What the caller must do or report after a step. */
export type TBreakerEffect =
  | {
      type: "transition";
      from: TBreakerStateName;
      to: TBreakerStateName;
      reason: TTransitionReason;
      detail?: string;
      failureCount: number;
      anomalyRate: number;
      epoch: number;
      seq: number;
      approvalId?: string;
    }
  | { type: "review_needed"; epoch: number; requiredApprovals: number; flapping: boolean }
  | { type: "approval_ignored"; approvalId: string; epoch: number; reason: "stale_epoch" | "unknown_epoch" | "not_open" }
  | { type: "approval_expired"; approvalId: string; epoch: number }
  | { type: "approval_voided"; approvalId: string; epoch: number }
  | { type: "rejected_while_open"; epoch: number }
  | { type: "result_ignored"; epoch: number; reason: "stale_epoch" | "unknown_epoch" | "not_half_open" | "not_admitted" };

/** A step's result. */
export type TStepResult = { state: TBreakerState; effects: TBreakerEffect[] };

/** A fresh breaker: CLOSED, epoch 0, nothing seen. */
export function initialBreakerState(): TBreakerState {
  return { state: "CLOSED", epoch: 0, seq: 0, failures: 0, window: [], probesInFlight: 0, probesAccepted: 0, tripsHistory: [] };
}

const LEGAL: ReadonlySet<string> = new Set(["CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED", "HALF_OPEN>OPEN", "OPEN>OPEN"]);

/** True for the machine's transitions (OPEN→OPEN is a forced re-trip); CLOSED→HALF_OPEN, OPEN→CLOSED are never legal. */
export function isLegalTransition(from: TBreakerStateName, to: TBreakerStateName): boolean {
  return LEGAL.has(`${from}>${to}`);
}

/** Fraction of anomalous validations in the window (0 when empty). */
export function anomalyRate(window: readonly TWindowEntry[]): number {
  if (window.length === 0) return 0;
  // A counting loop, not filter(): this runs on every validation (agents, and the dry run's replays).
  let anomalous = 0;
  for (const e of window) if (e.anomalous) anomalous++;
  return anomalous / window.length;
}
