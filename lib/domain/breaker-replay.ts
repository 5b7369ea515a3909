import { stepBreaker } from "./breaker-step.ts";
import { WINDOW_SIZE, initialBreakerState, type TBreakerSettings, type TBreakerState, type TOutcome, type TTransitionReason } from "./breaker-state.ts";

/** One validated message, as the server reads it from firebreak.message.validated events (at = epoch ms). */
export type TReplayValidation = { outcome: TOutcome; anomalyScore: number; at: number };

/** The first trip a replay finds: when, at which input (index into the caller's array), and why. */
export type TReplayTrip = { at: number; index: number; reason: TTransitionReason; failureCount: number; anomalyRate: number };

/** Validations a replay that starts in the middle of a CLOSED stretch needs before its first one: the window less one. */
export const REPLAY_WARM_UP = WINDOW_SIZE - 1;

/**
 * Replays validations (sorted by `at`, stable) through the same machine the SDK runs, starting from `from`
 * (default: a fresh CLOSED breaker), and returns the first trip it would have made, or null.
 * The server uses it to raise unreported-trip incidents.
 *
 * `warmUp`: the first so many validations (in time order) only fill the window and never trip. A replay
 * that starts in the middle of a stretch passes the REPLAY_WARM_UP validations before its range this way:
 * the window of its first validation is then the live breaker's, and a short window made up by the cut
 * (ten samples, say, where the breaker had twenty) cannot show an anomaly rate the breaker never saw.
 */
export function replayValidations(
  validations: readonly TReplayValidation[],
  settings: TBreakerSettings,
  from: TBreakerState = initialBreakerState(),
  warmUp = 0,
): TReplayTrip | null {
  const order = validations.map((v, index) => ({ v, index })).sort((a, b) => a.v.at - b.v.at || a.index - b.index);
  const filling = { ...settings, breaker: { ...settings.breaker, failure_threshold: Infinity, anomaly_threshold: Infinity } };
  let state = from;
  for (const [k, { v, index }] of order.entries()) {
    const step = stepBreaker(state, { kind: "validation", ...v }, k < warmUp ? filling : settings, v.at);
    for (const e of step.effects) {
      if (e.type === "transition" && e.to === "OPEN") {
        return { at: v.at, index, reason: e.reason, failureCount: e.failureCount, anomalyRate: e.anomalyRate };
      }
    }
    state = step.state;
  }
  return null;
}
