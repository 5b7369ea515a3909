// The breaker of docs/architecture.md#breaker — one import for the server, the SDK and the UI.
// Choices: the sliding window is the last WINDOW_SIZE (20) validations seen while CLOSED. `failure_threshold`
// counts rejected validations accumulated in that window (not only consecutive ones, so interleaving accepted
// messages cannot hide a failing sender); the anomaly rate is the share of window entries with
// anomalyScore ≥ ANOMALOUS_SCORE (0.5), checked only once the window holds MIN_ANOMALY_SAMPLES (10).
// Counts reset on every trip and on close. Each trip starts a new epoch and voids any approval in hand.
export { stepBreaker } from "./breaker-step.ts";
export { admit, canSend, cooldownEnd, isFlapping, requiredApprovals } from "./breaker-gate.ts";
export { REPLAY_WARM_UP, replayValidations, type TReplayTrip, type TReplayValidation } from "./breaker-replay.ts";
export {
  ANOMALOUS_SCORE, BREAKER_STATES, FLAPPING_TRIPS, FLAPPING_WINDOW_MS, MAX_TRIPS_KEPT, MIN_ANOMALY_SAMPLES, WINDOW_SIZE,
  anomalyRate, initialBreakerState, isLegalTransition,
  type TApproval, type TBreakerEffect, type TBreakerInput, type TBreakerSettings, type TBreakerState,
  type TBreakerStateName, type TOutcome, type TStepResult, type TTransitionReason, type TWindowEntry,
} from "./breaker-state.ts";
