import { cooldownEnd, isFlapping, requiredApprovals } from "./breaker-gate.ts";
import {
  ANOMALOUS_SCORE, FLAPPING_WINDOW_MS, MAX_TRIPS_KEPT, MIN_ANOMALY_SAMPLES, anomalyRate,
  type TApproval, type TBreakerEffect, type TBreakerInput, type TBreakerSettings, type TBreakerState,
  type TOutcome, type TStepResult, type TTransitionReason,
} from "./breaker-state.ts";
import { BreakerState, type TStateFields } from "./breaker-window.ts";

const same = (state: TBreakerState, ...effects: TBreakerEffect[]): TStepResult => ({ state, effects });

/** The fields of `s` (no window), without the approval, trip time and cooldown end. */
function without(s: TBreakerState): TStateFields {
  return {
    state: s.state, epoch: s.epoch, seq: s.seq, failures: s.failures, probesInFlight: s.probesInFlight, probesAccepted: s.probesAccepted,
    tripsHistory: s.tripsHistory, trippedAt: undefined, cooldownEndsAt: undefined, approval: undefined,
  };
}

/** `s` with `changes` (its window kept). */
const changed = (s: TBreakerState, changes: Partial<TStateFields>): BreakerState =>
  BreakerState.from(s).with({ ...fields(s), ...changes });

function fields(s: TBreakerState): TStateFields {
  return { ...without(s), trippedAt: s.trippedAt, cooldownEndsAt: s.cooldownEndsAt, approval: s.approval };
}

/** The share of anomalous validations in the window, from the counts when the state has them. */
const rateOf = (s: TBreakerState) => (s instanceof BreakerState ? (s.windowSize === 0 ? 0 : s.anomalies / s.windowSize) : anomalyRate(s.window));

type TExtra = { detail?: string; approvalId?: string };

function transition(from: TBreakerState, to: TBreakerState, reason: TTransitionReason, extra: TExtra = {}): TBreakerEffect {
  return {
    type: "transition", from: from.state, to: to.state, reason, failureCount: from.failures,
    anomalyRate: rateOf(from), epoch: to.epoch, seq: to.seq, ...extra,
  };
}

/** Trip (or re-trip): new epoch, cooldown restarts, counters reset, any approval in hand is void. */
function trip(s: TBreakerState, reason: TTransitionReason, settings: TBreakerSettings, now: number, detail?: string): TStepResult {
  const effects: TBreakerEffect[] = [];
  if (s.approval) effects.push({ type: "approval_voided", approvalId: s.approval.approvalId, epoch: s.approval.epoch });
  const tripsHistory = [...s.tripsHistory.filter((t) => t > now - FLAPPING_WINDOW_MS), now].slice(-MAX_TRIPS_KEPT);
  const next = new BreakerState({
    ...without(s), state: "OPEN", epoch: s.epoch + 1, seq: s.seq + 1, failures: 0,
    probesInFlight: 0, probesAccepted: 0, trippedAt: now, cooldownEndsAt: cooldownEnd(settings, now), tripsHistory,
  });
  effects.unshift(transition(s, next, reason, detail === undefined ? {} : { detail }));
  effects.push({
    type: "review_needed", epoch: next.epoch,
    requiredApprovals: requiredApprovals(settings, tripsHistory, now), flapping: isFlapping(tripsHistory, now),
  });
  return { state: next, effects };
}

function close(s: TBreakerState): TStepResult {
  const next = new BreakerState({ ...without(s), state: "CLOSED", seq: s.seq + 1, failures: 0, probesInFlight: 0, probesAccepted: 0 });
  return same(next, transition(s, next, "probes_passed"));
}

/** OPEN only: drop an expired approval, or move to HALF_OPEN once now ≥ max(notBefore, cooldown end). */
function applyGate(s: TBreakerState, now: number): TStepResult {
  const a = s.approval;
  if (s.state !== "OPEN" || !a) return same(s);
  if (now >= a.expiresAt) return same(changed(s, { approval: undefined }), { type: "approval_expired", approvalId: a.approvalId, epoch: a.epoch });
  if (now < Math.max(a.notBefore, s.cooldownEndsAt ?? 0)) return same(s);
  const next = changed(s, { approval: undefined, state: "HALF_OPEN", seq: s.seq + 1, probesInFlight: 0, probesAccepted: 0 });
  return same(next, transition(s, next, "approved", { approvalId: a.approvalId }));
}

function onApproval(s: TBreakerState, input: TApproval, now: number): TStepResult {
  const a: TApproval = { approvalId: input.approvalId, epoch: input.epoch, notBefore: input.notBefore, expiresAt: input.expiresAt };
  const ignored = (reason: "stale_epoch" | "unknown_epoch" | "not_open"): TStepResult =>
    same(s, { type: "approval_ignored", approvalId: a.approvalId, epoch: a.epoch, reason });
  if (a.epoch < s.epoch) return ignored("stale_epoch");
  if (a.epoch > s.epoch) return ignored("unknown_epoch");
  if (s.state !== "OPEN") return ignored("not_open");
  // A later approval for the same epoch replaces the one in hand (directives may be re-sent).
  return applyGate(changed(s, { approval: a }), now);
}

function onProbe(s: TBreakerState, outcome: TOutcome, epoch: number, settings: TBreakerSettings, now: number): TStepResult {
  const ignored = (reason: "stale_epoch" | "unknown_epoch" | "not_half_open" | "not_admitted"): TStepResult =>
    same(s, { type: "result_ignored", epoch, reason });
  if (epoch < s.epoch) return ignored("stale_epoch");
  if (epoch > s.epoch) return ignored("unknown_epoch");
  if (s.state === "OPEN" && outcome === "rejected") return same(s, { type: "rejected_while_open", epoch: s.epoch });
  if (s.state !== "HALF_OPEN") return ignored("not_half_open");
  const inFlight = Math.max(0, s.probesInFlight - 1);
  if (outcome === "rejected") return trip(changed(s, { probesInFlight: inFlight, failures: s.failures + 1 }), "probe_failed", settings, now);
  // Only an admitted probe can vote to close: unadmitted traffic must not reopen a boundary.
  if (s.probesInFlight === 0) return ignored("not_admitted");
  const next = changed(s, { probesInFlight: inFlight, probesAccepted: s.probesAccepted + 1 });
  return next.probesAccepted >= settings.breaker.half_open_max_probes ? close(next) : same(next);
}

function onValidation(s: TBreakerState, outcome: TOutcome, score: number, at: number, settings: TBreakerSettings, now: number): TStepResult {
  const anomalous = score >= ANOMALOUS_SCORE;
  if (s.state === "OPEN") return outcome === "rejected" ? same(s, { type: "rejected_while_open", epoch: s.epoch }) : same(s);
  // In HALF_OPEN every validated message is a probe of the current epoch; an anomalous one fails it.
  if (s.state === "HALF_OPEN") return onProbe(s, anomalous ? "rejected" : outcome, s.epoch, settings, now);
  // The window in its compact form (breaker-window.ts): no array or entry object per validation.
  const next = BreakerState.from(s).pushed(at, outcome === "rejected", anomalous);
  if (next.failures >= settings.breaker.failure_threshold) return trip(next, "failure_threshold", settings, now);
  const size = next.windowSize;
  if (size >= MIN_ANOMALY_SAMPLES && next.anomalies / size > settings.breaker.anomaly_threshold) {
    return trip(next, "anomaly_threshold", settings, now);
  }
  return same(next);
}

/**
 * The breaker of docs/architecture.md#breaker as a pure reducer: returns the next state and the effects to act on / report.
 * `now` (epoch ms) is the only clock; illegal transitions (CLOSED→HALF_OPEN, OPEN→CLOSED) cannot happen.
 */
export function stepBreaker(state: TBreakerState, input: TBreakerInput, settings: TBreakerSettings, now: number): TStepResult {
  switch (input.kind) {
    case "validation":
      return onValidation(state, input.outcome, input.anomalyScore, input.at, settings, now);
    case "force_open":
      return trip(state, "force_open", settings, now, input.reason);
    case "approval":
      return onApproval(state, input, now);
    case "tick":
      return applyGate(state, now);
    case "probe_result":
      return onProbe(state, input.outcome, input.epoch, settings, now);
  }
}
