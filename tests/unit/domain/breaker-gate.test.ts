import { describe, expect, it } from "vitest";
import {
  REPLAY_WARM_UP, initialBreakerState, isFlapping, replayValidations, requiredApprovals, stepBreaker,
  type TBreakerEffect, type TBreakerSettings, type TBreakerState, type TReplayValidation,
} from "../../../lib/domain/breaker.ts";
import { DEFAULT_POLICY } from "../../../lib/domain/policy.ts";
import { effectivePolicy } from "../../../lib/domain/effective-policy.ts";

const S: TBreakerSettings = effectivePolicy(DEFAULT_POLICY);
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const MIN = 60_000;

/** Trips, approves, half-opens and fails a probe `times` times, `gapMs` apart; returns the last step's effects. */
function tripRepeatedly(times: number, gapMs: number, settings = S): { state: TBreakerState; effects: TBreakerEffect[] } {
  let s = initialBreakerState();
  let effects: TBreakerEffect[] = [];
  for (let i = 0; i < times; i++) {
    const at = T0 + i * gapMs;
    const r = stepBreaker(s, { kind: "force_open", reason: `trip ${i}` }, settings, at);
    s = r.state;
    effects = r.effects;
  }
  return { state: s, effects };
}

describe("flapping", () => {
  it("breaker: a boundary tripping a third time within the hour needs two approvers", () => {
    const { state, effects } = tripRepeatedly(3, 20 * MIN);
    expect(effects).toContainEqual({ type: "review_needed", epoch: 3, requiredApprovals: 2, flapping: true });
    expect(isFlapping(state.tripsHistory, T0 + 40 * MIN)).toBe(true);
  });

  it("breaker: two trips within the hour still need one approver", () => {
    const { effects } = tripRepeatedly(2, 20 * MIN);
    expect(effects).toContainEqual({ type: "review_needed", epoch: 2, requiredApprovals: 1, flapping: false });
  });

  it("breaker: three trips spread over more than an hour are not flapping", () => {
    const { effects } = tripRepeatedly(3, 31 * MIN);
    expect(effects).toContainEqual({ type: "review_needed", epoch: 3, requiredApprovals: 1, flapping: false });
  });

  it("breaker: flapping wears off an hour after the first of the three trips", () => {
    const history = [T0, T0 + MIN, T0 + 2 * MIN];
    expect(isFlapping(history, T0 + 59 * MIN)).toBe(true);
    expect(isFlapping(history, T0 + 60 * MIN)).toBe(false);
    expect(requiredApprovals(S, history, T0 + 60 * MIN)).toBe(1);
  });

  it("breaker: trips in the future of the injected clock do not count", () => {
    expect(isFlapping([T0 + 1, T0 + 2, T0 + 3], T0)).toBe(false);
  });

  it("breaker: a policy asking for three approvers keeps three when flapping", () => {
    const strict = { ...S, breaker: { ...S.breaker, required_approvals: 3 } };
    expect(requiredApprovals(strict, [T0, T0, T0], T0)).toBe(3);
    expect(requiredApprovals(strict, [], T0)).toBe(3);
  });

  it("breaker: the trip history stays bounded on a boundary that trips all day", () => {
    const { state } = tripRepeatedly(500, MIN);
    expect(state.tripsHistory.length).toBeLessThanOrEqual(16);
    expect(state.tripsHistory.at(-1)).toBe(T0 + 499 * MIN);
    expect(state.epoch).toBe(500);
  });
});

describe("replayValidations (unreported-trip check)", () => {
  const v = (outcome: "accepted" | "rejected", at: number, anomalyScore = 0): TReplayValidation => ({ outcome, anomalyScore, at });

  it("replay: finds the moment three rejections should have tripped the boundary", () => {
    const trip = replayValidations([v("accepted", T0), v("rejected", T0 + 1), v("rejected", T0 + 2), v("accepted", T0 + 3), v("rejected", T0 + 4), v("rejected", T0 + 5)], S);
    expect(trip).toEqual({ at: T0 + 4, index: 4, reason: "failure_threshold", failureCount: 3, anomalyRate: 0 });
  });

  it("replay: a healthy history finds no trip", () => {
    expect(replayValidations(Array.from({ length: 100 }, (_, i) => v("accepted", T0 + i, 0.1)), S)).toBeNull();
    expect(replayValidations([], S)).toBeNull();
  });

  it("replay: events arriving out of order are replayed in time order", () => {
    const trip = replayValidations([v("rejected", T0 + 30), v("rejected", T0 + 10), v("accepted", T0 + 5), v("rejected", T0 + 20)], S);
    expect(trip).toMatchObject({ at: T0 + 30, index: 0 });
  });

  it("replay: anomalies trip the replay like the live breaker", () => {
    const history = Array.from({ length: 10 }, (_, i) => v("accepted", T0 + i, i < 2 ? 0.8 : 0));
    expect(replayValidations(history, S)).toMatchObject({ at: T0 + 9, reason: "anomaly_threshold", anomalyRate: 0.2 });
  });

  it("replay from the middle of a stretch: the warm-up fills the window, so a cut-short window shows no anomaly rate the breaker never saw", () => {
    const warmUp = Array.from({ length: REPLAY_WARM_UP }, (_, i) => v("accepted", T0 + i));
    const range = Array.from({ length: 10 }, (_, i) => v("accepted", T0 + 100 + i, i < 2 ? 0.8 : 0));
    // The live breaker's window at the tenth: twenty samples, two anomalous (0.10, under 0.15).
    expect(replayValidations([...warmUp, ...range], S, undefined, REPLAY_WARM_UP)).toBeNull();
    // Cut without its warm-up, the same range looks like ten samples with two anomalous (0.20).
    expect(replayValidations(range, S)).toMatchObject({ reason: "anomaly_threshold", at: T0 + 109 });
  });

  it("replay from the middle of a stretch: failures in the warm-up never trip there, but count toward the range's", () => {
    const warmUp = [...Array.from({ length: REPLAY_WARM_UP - 2 }, (_, i) => v("accepted", T0 + i)), v("rejected", T0 + 50), v("rejected", T0 + 51)];
    expect(replayValidations(warmUp, S, undefined, REPLAY_WARM_UP)).toBeNull();
    const trip = replayValidations([...warmUp, v("accepted", T0 + 60), v("rejected", T0 + 61)], S, undefined, REPLAY_WARM_UP);
    expect(trip).toMatchObject({ at: T0 + 61, index: REPLAY_WARM_UP + 1, reason: "failure_threshold", failureCount: 3 });
  });

  it("replay: uses the boundary's own threshold", () => {
    const lenient = { ...S, breaker: { ...S.breaker, failure_threshold: 5 } };
    const history = [1, 2, 3, 4].map((i) => v("rejected", T0 + i));
    expect(replayValidations(history, lenient)).toBeNull();
    expect(replayValidations(history, S)).toMatchObject({ at: T0 + 3 });
  });
});
