import { stepBreaker } from "./breaker-step.ts";
import { initialBreakerState, type TBreakerSettings, type TBreakerState, type TOutcome, type TTransitionReason } from "./breaker-state.ts";

/** One validated message, as the server reads it from firebreak.message.validated events (at = epoch ms). */
export type TReplayValidation = { outcome: TOutcome; anomalyScore: number; at: number };

/** The first trip a replay finds: when, at which input (index into the caller's array), and why. */
export type TReplayTrip = { at: number; index: number; reason: TTransitionReason; failureCount: number; anomalyRate: number };

/**
 * Replays validations (sorted by `at`, stable) through the same machine the SDK runs, starting from `from`
 * (default: a fresh CLOSED breaker), and returns the first trip it would have made, or null.
 * The server uses it to raise unreported-trip incidents.
 */
export function replayValidations(
  validations: readonly TReplayValidation[],
  settings: TBreakerSettings,
  from: TBreakerState = initialBreakerState(),
): TReplayTrip | null {
  const order = validations.map((v, index) => ({ v, index })).sort((a, b) => a.v.at - b.v.at || a.index - b.index);
  let state = from;
  for (const { v, index } of order) {
    const step = stepBreaker(state, { kind: "validation", ...v }, settings, v.at);
    for (const e of step.effects) {
      if (e.type === "transition" && e.to === "OPEN") {
        return { at: v.at, index, reason: e.reason, failureCount: e.failureCount, anomalyRate: e.anomalyRate };
      }
    }
    state = step.state;
  }
  return null;
}
