import { addSecondsClamped } from "./clamp-time.ts";
import { BreakerState } from "./breaker-window.ts";
import { FLAPPING_TRIPS, FLAPPING_WINDOW_MS, type TBreakerSettings, type TBreakerState } from "./breaker-state.ts";

/** True when FLAPPING_TRIPS (3) or more trips happened within the hour up to `now`. */
export function isFlapping(tripsHistory: readonly number[], now: number): boolean {
  return tripsHistory.filter((t) => t > now - FLAPPING_WINDOW_MS && t <= now).length >= FLAPPING_TRIPS;
}

/** Approvals the next reset needs: at least 2 when flapping, else the policy's required_approvals. */
export function requiredApprovals(settings: Pick<TBreakerSettings, "breaker">, tripsHistory: readonly number[], now: number): number {
  const base = settings.breaker.required_approvals;
  return isFlapping(tripsHistory, now) ? Math.max(2, base) : base;
}

/** Whether a message may pass now: CLOSED yes, OPEN no, HALF_OPEN only while probes remain (in flight + accepted < max). */
export function canSend(state: TBreakerState, settings: Pick<TBreakerSettings, "breaker">): boolean {
  if (state.state === "CLOSED") return true;
  if (state.state === "OPEN") return false;
  return state.probesInFlight + state.probesAccepted < settings.breaker.half_open_max_probes;
}

/** Lets one message through if canSend; in HALF_OPEN it becomes a probe in flight. */
export function admit(state: TBreakerState, settings: Pick<TBreakerSettings, "breaker">): { allowed: boolean; state: TBreakerState } {
  if (!canSend(state, settings)) return { allowed: false, state };
  if (state.state !== "HALF_OPEN") return { allowed: true, state };
  const s = BreakerState.from(state);
  return { allowed: true, state: s.with({ ...s, probesInFlight: state.probesInFlight + 1 }) };
}

/** When a trip at `at` (epoch ms) may first be reset: the longer of cooldown_after_trip_s and reset_timeout_s, clamped to a valid date. */
export function cooldownEnd(settings: Pick<TBreakerSettings, "breaker" | "fan_out">, at: number): number {
  return addSecondsClamped(at, Math.max(settings.fan_out.cooldown_after_trip_s, settings.breaker.reset_timeout_s));
}
