// The breaker reducer as it was before the compact window (breaker-window.ts): every state a plain object,
// the window a new array of entry objects on every validation. Kept only as the oracle of
// breaker-window.test.ts, which checks that the compact form makes the same transitions, effects and states.
import { canSend, cooldownEnd, isFlapping, requiredApprovals } from "../../../../lib/domain/breaker-gate.ts";
import {
  ANOMALOUS_SCORE, FLAPPING_WINDOW_MS, MAX_TRIPS_KEPT, MIN_ANOMALY_SAMPLES, WINDOW_SIZE, anomalyRate,
  type TApproval, type TBreakerEffect, type TBreakerInput, type TBreakerSettings, type TBreakerState,
  type TOutcome, type TStepResult, type TTransitionReason, type TWindowEntry,
} from "../../../../lib/domain/breaker-state.ts";

const same = (state: TBreakerState, ...effects: TBreakerEffect[]): TStepResult => ({ state, effects });

function without(state: TBreakerState): TBreakerState {
  const { approval: _a, trippedAt: _t, cooldownEndsAt: _c, ...rest } = state;
  return rest;
}

type TExtra = { detail?: string; approvalId?: string };

function transition(from: TBreakerState, to: TBreakerState, reason: TTransitionReason, extra: TExtra = {}): TBreakerEffect {
  return {
    type: "transition", from: from.state, to: to.state, reason, failureCount: from.failures,
    anomalyRate: anomalyRate(from.window), epoch: to.epoch, seq: to.seq, ...extra,
  };
}

/** Trip (or re-trip): new epoch, cooldown restarts, counters reset, any approval in hand is void. */
function trip(s: TBreakerState, reason: TTransitionReason, settings: TBreakerSettings, now: number, detail?: string): TStepResult {
  const effects: TBreakerEffect[] = [];
  if (s.approval) effects.push({ type: "approval_voided", approvalId: s.approval.approvalId, epoch: s.approval.epoch });
  const tripsHistory = [...s.tripsHistory.filter((t) => t > now - FLAPPING_WINDOW_MS), now].slice(-MAX_TRIPS_KEPT);
  const next: TBreakerState = {
    ...without(s), state: "OPEN", epoch: s.epoch + 1, seq: s.seq + 1, failures: 0, window: [],
    probesInFlight: 0, probesAccepted: 0, trippedAt: now, cooldownEndsAt: cooldownEnd(settings, now), tripsHistory,
  };
  effects.unshift(transition(s, next, reason, detail === undefined ? {} : { detail }));
  effects.push({
    type: "review_needed", epoch: next.epoch,
    requiredApprovals: requiredApprovals(settings, tripsHistory, now), flapping: isFlapping(tripsHistory, now),
  });
  return { state: next, effects };
}

function close(s: TBreakerState): TStepResult {
  const next: TBreakerState = {
    ...without(s), state: "CLOSED", seq: s.seq + 1, failures: 0, window: [], probesInFlight: 0, probesAccepted: 0,
  };
  return same(next, transition(s, next, "probes_passed"));
}

/** OPEN only: drop an expired approval, or move to HALF_OPEN once now ≥ max(notBefore, cooldown end). */
function applyGate(s: TBreakerState, now: number): TStepResult {
  const a = s.approval;
  if (s.state !== "OPEN" || !a) return same(s);
  const { approval: _, ...rest } = s;
  if (now >= a.expiresAt) return same(rest, { type: "approval_expired", approvalId: a.approvalId, epoch: a.epoch });
  if (now < Math.max(a.notBefore, s.cooldownEndsAt ?? 0)) return same(s);
  const next: TBreakerState = { ...rest, state: "HALF_OPEN", seq: s.seq + 1, probesInFlight: 0, probesAccepted: 0 };
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
  return applyGate({ ...s, approval: a }, now);
}

function onProbe(s: TBreakerState, outcome: TOutcome, epoch: number, settings: TBreakerSettings, now: number): TStepResult {
  const ignored = (reason: "stale_epoch" | "unknown_epoch" | "not_half_open" | "not_admitted"): TStepResult =>
    same(s, { type: "result_ignored", epoch, reason });
  if (epoch < s.epoch) return ignored("stale_epoch");
  if (epoch > s.epoch) return ignored("unknown_epoch");
  if (s.state === "OPEN" && outcome === "rejected") return same(s, { type: "rejected_while_open", epoch: s.epoch });
  if (s.state !== "HALF_OPEN") return ignored("not_half_open");
  const inFlight = Math.max(0, s.probesInFlight - 1);
  if (outcome === "rejected") return trip({ ...s, probesInFlight: inFlight, failures: s.failures + 1 }, "probe_failed", settings, now);
  // Only an admitted probe can vote to close: unadmitted traffic must not reopen a boundary.
  if (s.probesInFlight === 0) return ignored("not_admitted");
  const next = { ...s, probesInFlight: inFlight, probesAccepted: s.probesAccepted + 1 };
  return next.probesAccepted >= settings.breaker.half_open_max_probes ? close(next) : same(next);
}

/** `s` with a new window; built field by field when it can be (object spread costs several times more, on every validation). */
function withWindow(s: TBreakerState, window: TWindowEntry[], failures: number): TBreakerState {
  if (s.approval !== undefined || s.trippedAt !== undefined || s.cooldownEndsAt !== undefined) return { ...s, window, failures };
  return {
    state: s.state, epoch: s.epoch, seq: s.seq, failures, window,
    probesInFlight: s.probesInFlight, probesAccepted: s.probesAccepted, tripsHistory: s.tripsHistory,
  };
}

function onValidation(s: TBreakerState, outcome: TOutcome, score: number, at: number, settings: TBreakerSettings, now: number): TStepResult {
  const anomalous = score >= ANOMALOUS_SCORE;
  if (s.state === "OPEN") return outcome === "rejected" ? same(s, { type: "rejected_while_open", epoch: s.epoch }) : same(s);
  // In HALF_OPEN every validated message is a probe of the current epoch; an anomalous one fails it.
  if (s.state === "HALF_OPEN") return onProbe(s, anomalous ? "rejected" : outcome, s.epoch, settings, now);
  // One new array per validation, made at its final length (the dry run replays a million of them): the
  // oldest entry dropped when full. The same pass counts the failures and the anomalous share (anomalyRate()).
  const rejected = outcome === "rejected";
  const first = s.window.length >= WINDOW_SIZE ? s.window.length - WINDOW_SIZE + 1 : 0;
  const kept = s.window.length - first;
  const window: TWindowEntry[] = new Array(kept + 1);
  let failures = rejected ? 1 : 0;
  let anomalies = anomalous ? 1 : 0;
  for (let i = 0; i < kept; i++) {
    const e = s.window[first + i];
    window[i] = e;
    if (e.rejected) failures++;
    if (e.anomalous) anomalies++;
  }
  window[kept] = { t: at, anomalous, rejected };
  const next = withWindow(s, window, failures);
  if (next.failures >= settings.breaker.failure_threshold) return trip(next, "failure_threshold", settings, now);
  if (window.length >= MIN_ANOMALY_SAMPLES && anomalies / window.length > settings.breaker.anomaly_threshold) {
    return trip(next, "anomaly_threshold", settings, now);
  }
  return same(next);
}

/**
 * The array-window reducer: returns the next state and the effects to act on / report.
 * `now` (epoch ms) is the only clock; illegal transitions (CLOSED→HALF_OPEN, OPEN→CLOSED) cannot happen.
 */
export function stepBreakerWithArrays(state: TBreakerState, input: TBreakerInput, settings: TBreakerSettings, now: number): TStepResult {
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

/** admit() as it was: a HALF_OPEN admission spreads the plain state. */
export function admitWithArrays(state: TBreakerState, settings: TBreakerSettings): { allowed: boolean; state: TBreakerState } {
  if (!canSend(state, settings)) return { allowed: false, state };
  if (state.state !== "HALF_OPEN") return { allowed: true, state };
  return { allowed: true, state: { ...state, probesInFlight: state.probesInFlight + 1 } };
}
