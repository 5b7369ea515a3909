import { afterEach, describe, expect, it, vi } from "vitest";
import {
  admit, canSend, initialBreakerState, isLegalTransition, stepBreaker,
  type TBreakerEffect, type TBreakerInput, type TBreakerSettings, type TBreakerState,
} from "../../../lib/domain/breaker.ts";
import { DEFAULT_POLICY } from "../../../lib/domain/policy.ts";
import { effectivePolicy } from "../../../lib/domain/effective-policy.ts";

const S: TBreakerSettings = effectivePolicy(DEFAULT_POLICY);
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const COOLDOWN_MS = 300_000;

const ok = (at = T0): TBreakerInput => ({ kind: "validation", outcome: "accepted", anomalyScore: 0, at });
const bad = (at = T0): TBreakerInput => ({ kind: "validation", outcome: "rejected", anomalyScore: 0, at });
const odd = (at = T0): TBreakerInput => ({ kind: "validation", outcome: "accepted", anomalyScore: 0.9, at });
const approval = (epoch: number, notBefore: number, expiresAt: number, approvalId = "apr-1"): TBreakerInput =>
  ({ kind: "approval", approvalId, epoch, notBefore, expiresAt });

/** Feeds inputs at `now`, collecting every effect. */
function feed(state: TBreakerState, inputs: TBreakerInput[], now = T0, settings = S) {
  const effects: TBreakerEffect[] = [];
  for (const input of inputs) {
    const r = stepBreaker(state, input, settings, now);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

const transitions = (effects: TBreakerEffect[]) =>
  effects.flatMap((e) => (e.type === "transition" ? [`${e.from}>${e.to}:${e.reason}`] : []));

/** A boundary tripped once at T0 (epoch 1). */
const tripped = () => feed(initialBreakerState(), [bad(), bad(), bad()]).state;

/** A boundary tripped at T0, approved and moved to HALF_OPEN at cooldown end. */
function halfOpen(settings = S) {
  let s = feed(initialBreakerState(), [{ kind: "force_open", reason: "test" }], T0, settings).state;
  s = feed(s, [approval(1, T0, T0 + 3_600_000)], T0, settings).state;
  return feed(s, [{ kind: "tick" }], T0 + COOLDOWN_MS, settings).state;
}

describe("breaker: tripping", () => {
  it("breaker: three rejected messages open the boundary and queue a review", () => {
    const { state, effects } = feed(initialBreakerState(), [bad(), ok(), bad(), ok(), bad()]);
    expect(state.state).toBe("OPEN");
    expect(state.epoch).toBe(1);
    expect(effects).toContainEqual({
      type: "transition", from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0, epoch: 1, seq: 1,
    });
    expect(effects).toContainEqual({ type: "review_needed", epoch: 1, requiredApprovals: 1, flapping: false });
  });

  it("breaker: two rejected messages leave the boundary closed", () => {
    const { state, effects } = feed(initialBreakerState(), [bad(), bad(), ok()]);
    expect(state.state).toBe("CLOSED");
    expect(state.failures).toBe(2);
    expect(effects).toEqual([]);
  });

  it("breaker: rejections that slid out of the 20-message window no longer count", () => {
    const inputs = [bad(), bad(), ...Array.from({ length: 18 }, () => ok()), bad(), bad()];
    const { state } = feed(initialBreakerState(), inputs);
    expect(state.state).toBe("CLOSED");
    expect(state.window).toHaveLength(20);
    expect(state.failures).toBe(2);
    expect(feed(state, [bad()]).state.state).toBe("OPEN");
  });

  it("breaker: a per-boundary failure threshold of 5 tolerates four rejections", () => {
    const five = { ...S, breaker: { ...S.breaker, failure_threshold: 5 } };
    expect(feed(initialBreakerState(), [bad(), bad(), bad(), bad()], T0, five).state.state).toBe("CLOSED");
    expect(feed(initialBreakerState(), [bad(), bad(), bad(), bad(), bad()], T0, five).state.state).toBe("OPEN");
  });

  it("breaker: an anomaly rate over 15% trips once ten messages have been seen, not before", () => {
    const nine = feed(initialBreakerState(), [odd(), odd(), ...Array.from({ length: 7 }, () => ok())]);
    expect(nine.state.state).toBe("CLOSED"); // 2/9 is over 15%, but the window is too small to judge
    const tenth = feed(nine.state, [ok()]);
    expect(tenth.state.state).toBe("OPEN");
    expect(tenth.effects[0]).toMatchObject({ reason: "anomaly_threshold", anomalyRate: 0.2, failureCount: 0 });
  });

  it("breaker: an anomaly rate of exactly 15% does not trip; one more anomaly does", () => {
    const inputs = [...Array.from({ length: 17 }, () => ok()), odd(), odd(), odd()];
    const at15 = feed(initialBreakerState(), inputs);
    expect(at15.state.state).toBe("CLOSED");
    expect(feed(at15.state, [odd()]).state.state).toBe("OPEN");
  });

  it("breaker: a mildly anomalous score (below 0.5) is not counted as an anomaly", () => {
    const mild = Array.from({ length: 20 }, (): TBreakerInput => ({ kind: "validation", outcome: "accepted", anomalyScore: 0.49, at: T0 }));
    expect(feed(initialBreakerState(), mild).state.state).toBe("CLOSED");
  });

  it("breaker: a person can force a healthy boundary open, with their reason on the transition", () => {
    const { state, effects } = feed(initialBreakerState(), [{ kind: "force_open", reason: "exfiltration suspected" }]);
    expect(state.state).toBe("OPEN");
    expect(effects[0]).toMatchObject({ from: "CLOSED", to: "OPEN", reason: "force_open", detail: "exfiltration suspected" });
  });

  it("breaker: the window only ever holds the last 20 messages", () => {
    const { state } = feed(initialBreakerState(), Array.from({ length: 500 }, (_, i) => ok(T0 + i)));
    expect(state.window).toHaveLength(20);
    expect(state.window[0]!.t).toBe(T0 + 480);
  });
});

describe("breaker: while OPEN", () => {
  it("breaker: failures while open change nothing but are reported", () => {
    const s = tripped();
    const r = stepBreaker(s, bad(), S, T0 + 1000);
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([{ type: "rejected_while_open", epoch: 1 }]);
    expect(stepBreaker(s, ok(), S, T0 + 1000)).toEqual({ state: s, effects: [] });
  });

  it("breaker: an open boundary never closes by itself, however long it waits", () => {
    const s = tripped();
    const r = feed(s, [{ kind: "tick" }, ok(), ok(), ok(), { kind: "probe_result", outcome: "accepted", epoch: 1 }], T0 + 365 * 86_400_000);
    expect(r.state.state).toBe("OPEN");
    expect(transitions(r.effects)).toEqual([]);
    expect(canSend(r.state, S)).toBe(false);
    expect(admit(r.state, S)).toEqual({ allowed: false, state: r.state });
  });

  it("breaker: an approval before the cooldown waits; the boundary half-opens when the cooldown ends", () => {
    let s = feed(tripped(), [approval(1, T0, T0 + 3_600_000)], T0 + 1000).state;
    expect(s.state).toBe("OPEN");
    expect(s.approval?.approvalId).toBe("apr-1");
    expect(feed(s, [{ kind: "tick" }], T0 + COOLDOWN_MS - 1).state.state).toBe("OPEN");
    const r = feed(s, [{ kind: "tick" }], T0 + COOLDOWN_MS);
    expect(r.state.state).toBe("HALF_OPEN");
    expect(r.state.approval).toBeUndefined();
    expect(r.effects).toEqual([{
      type: "transition", from: "OPEN", to: "HALF_OPEN", reason: "approved", approvalId: "apr-1",
      failureCount: 0, anomalyRate: 0, epoch: 1, seq: 2,
    }]);
    s = r.state;
    expect(s.epoch).toBe(1);
  });

  it("breaker: an approval after the cooldown half-opens at once", () => {
    const r = feed(tripped(), [approval(1, T0 + COOLDOWN_MS, T0 + 3_600_000)], T0 + COOLDOWN_MS + 5);
    expect(transitions(r.effects)).toEqual(["OPEN>HALF_OPEN:approved"]);
  });

  it("breaker: the approval's notBefore is honoured even after the cooldown", () => {
    const s = feed(tripped(), [approval(1, T0 + 600_000, T0 + 3_600_000)], T0 + COOLDOWN_MS).state;
    expect(s.state).toBe("OPEN");
    expect(feed(s, [{ kind: "tick" }], T0 + 599_999).state.state).toBe("OPEN");
    expect(feed(s, [{ kind: "tick" }], T0 + 600_000).state.state).toBe("HALF_OPEN");
  });

  it("breaker: the cooldown is never shorter than reset_timeout_s, even if the settings disagree", () => {
    const skewed = { ...S, fan_out: { ...S.fan_out, cooldown_after_trip_s: 10 } };
    const s = feed(initialBreakerState(), [bad(), bad(), bad(), approval(1, T0, T0 + 3_600_000)], T0, skewed).state;
    expect(s.cooldownEndsAt).toBe(T0 + 300_000);
    expect(feed(s, [{ kind: "tick" }], T0 + 11_000, skewed).state.state).toBe("OPEN");
  });

  it("breaker: an unused approval expires and the boundary stays open", () => {
    const s = feed(tripped(), [approval(1, T0, T0 + 60_000)], T0 + 1000).state;
    const r = feed(s, [{ kind: "tick" }], T0 + 60_000);
    expect(r.effects).toEqual([{ type: "approval_expired", approvalId: "apr-1", epoch: 1 }]);
    expect(r.state.state).toBe("OPEN");
    expect(r.state.approval).toBeUndefined();
    expect(feed(r.state, [{ kind: "tick" }], T0 + COOLDOWN_MS).state.state).toBe("OPEN");
  });

  it("breaker: an approval that arrives already expired is dropped", () => {
    const r = feed(tripped(), [approval(1, T0, T0 + 500)], T0 + 500);
    expect(r.effects).toEqual([{ type: "approval_expired", approvalId: "apr-1", epoch: 1 }]);
    expect(r.state.approval).toBeUndefined();
  });

  it("breaker: an approval for an earlier epoch is ignored", () => {
    const twice = feed(tripped(), [{ kind: "force_open", reason: "again" }], T0 + 10).state;
    expect(twice.epoch).toBe(2);
    const r = feed(twice, [approval(1, T0, T0 + 3_600_000)], T0 + COOLDOWN_MS + 10);
    expect(r.effects).toEqual([{ type: "approval_ignored", approvalId: "apr-1", epoch: 1, reason: "stale_epoch" }]);
    expect(r.state).toBe(twice);
  });

  it("breaker: an approval for an epoch that has not happened yet is ignored", () => {
    const r = feed(tripped(), [approval(7, T0, T0 + 3_600_000)], T0 + COOLDOWN_MS);
    expect(r.effects).toEqual([{ type: "approval_ignored", approvalId: "apr-1", epoch: 7, reason: "unknown_epoch" }]);
    expect(r.state.state).toBe("OPEN");
  });

  it("breaker: an approval cannot half-open a closed boundary (CLOSED→HALF_OPEN never happens)", () => {
    const r = feed(initialBreakerState(), [approval(0, T0, T0 + 3_600_000), { kind: "tick" }]);
    expect(r.state.state).toBe("CLOSED");
    expect(r.effects).toEqual([{ type: "approval_ignored", approvalId: "apr-1", epoch: 0, reason: "not_open" }]);
  });

  it("breaker: a re-trip voids the approval that was waiting for the cooldown", () => {
    const waiting = feed(tripped(), [approval(1, T0, T0 + 3_600_000)], T0 + 1000).state;
    const r = feed(waiting, [{ kind: "force_open", reason: "kill switch" }], T0 + 2000);
    expect(r.effects).toContainEqual({ type: "approval_voided", approvalId: "apr-1", epoch: 1 });
    expect(r.state.epoch).toBe(2);
    expect(r.state.cooldownEndsAt).toBe(T0 + 2000 + COOLDOWN_MS);
    expect(feed(r.state, [{ kind: "tick" }], T0 + 3_000_000).state.state).toBe("OPEN");
  });
});

describe("breaker: HALF_OPEN", () => {
  it("breaker: a half-open boundary lets exactly one probe through and blocks the rest", () => {
    const s = halfOpen();
    const first = admit(s, S);
    expect(first.allowed).toBe(true);
    expect(first.state.probesInFlight).toBe(1);
    const second = admit(first.state, S);
    expect(second).toEqual({ allowed: false, state: first.state });
  });

  it("breaker: one accepted probe closes the boundary and starts it from clean counters", () => {
    const s = admit(halfOpen(), S).state;
    const r = stepBreaker(s, { kind: "probe_result", outcome: "accepted", epoch: 1 }, S, T0 + COOLDOWN_MS + 5);
    expect(transitions(r.effects)).toEqual(["HALF_OPEN>CLOSED:probes_passed"]);
    expect(r.state).toMatchObject({ state: "CLOSED", epoch: 1, seq: 3, failures: 0, window: [], probesInFlight: 0, probesAccepted: 0 });
    expect(r.state.cooldownEndsAt).toBeUndefined();
    expect(canSend(r.state, S)).toBe(true);
  });

  it("breaker: with three probes allowed, never more than three are let through and all three must pass", () => {
    const three = { ...S, breaker: { ...S.breaker, half_open_max_probes: 3 } };
    let s = halfOpen(three);
    for (let i = 0; i < 3; i++) {
      const a = admit(s, three);
      expect(a.allowed).toBe(true);
      s = a.state;
    }
    expect(admit(s, three).allowed).toBe(false);
    const accepted: TBreakerInput = { kind: "probe_result", outcome: "accepted", epoch: 1 };
    s = feed(s, [accepted], T0, three).state;
    expect(s.state).toBe("HALF_OPEN");
    expect(admit(s, three).allowed).toBe(false); // one accepted + two in flight: the budget is spent
    s = feed(s, [accepted], T0, three).state;
    expect(s.state).toBe("HALF_OPEN");
    expect(feed(s, [accepted], T0, three).state.state).toBe("CLOSED");
  });

  it("breaker: an accepted result for a message that was never admitted cannot close the boundary", () => {
    const r = feed(halfOpen(), [{ kind: "probe_result", outcome: "accepted", epoch: 1 }]);
    expect(r.state.state).toBe("HALF_OPEN");
    expect(r.effects).toEqual([{ type: "result_ignored", epoch: 1, reason: "not_admitted" }]);
  });

  it("breaker: a failed probe re-opens the boundary in a new epoch with a new review and a fresh cooldown", () => {
    const s = admit(halfOpen(), S).state;
    const now = T0 + COOLDOWN_MS + 100;
    const r = stepBreaker(s, { kind: "probe_result", outcome: "rejected", epoch: 1 }, S, now);
    expect(r.state).toMatchObject({ state: "OPEN", epoch: 2, probesInFlight: 0, trippedAt: now, cooldownEndsAt: now + COOLDOWN_MS });
    expect(r.effects).toEqual([
      { type: "transition", from: "HALF_OPEN", to: "OPEN", reason: "probe_failed", failureCount: 1, anomalyRate: 0, epoch: 2, seq: 3 },
      { type: "review_needed", epoch: 2, requiredApprovals: 1, flapping: false },
    ]);
    const replayed = feed(r.state, [approval(1, T0, T0 + 3_600_000), { kind: "tick" }], now + COOLDOWN_MS);
    expect(replayed.state.state).toBe("OPEN");
    expect(replayed.effects[0]).toMatchObject({ type: "approval_ignored", reason: "stale_epoch" });
  });

  it("breaker: a late probe result from an earlier epoch is ignored", () => {
    const s = admit(halfOpen(), S).state;
    const reopened = stepBreaker(s, { kind: "probe_result", outcome: "rejected", epoch: 1 }, S, T0 + COOLDOWN_MS).state;
    for (const outcome of ["accepted", "rejected"] as const) {
      const r = stepBreaker(reopened, { kind: "probe_result", outcome, epoch: 1 }, S, T0 + COOLDOWN_MS + 1);
      expect(r.state).toBe(reopened);
      expect(r.effects).toEqual([{ type: "result_ignored", epoch: 1, reason: "stale_epoch" }]);
    }
  });

  it("breaker: a late probe result after the boundary closed is ignored", () => {
    const s = admit(halfOpen(), S).state;
    const closed = stepBreaker(s, { kind: "probe_result", outcome: "accepted", epoch: 1 }, S, T0 + COOLDOWN_MS).state;
    const r = stepBreaker(closed, { kind: "probe_result", outcome: "rejected", epoch: 1 }, S, T0 + COOLDOWN_MS + 1);
    expect(r).toEqual({ state: closed, effects: [{ type: "result_ignored", epoch: 1, reason: "not_half_open" }] });
  });

  it("breaker: in HALF_OPEN a validated message is the probe, and an anomalous one fails it", () => {
    const s = admit(halfOpen(), S).state;
    expect(feed(s, [odd()]).state).toMatchObject({ state: "OPEN", epoch: 2 });
    expect(feed(s, [ok()]).state.state).toBe("CLOSED");
  });

  it("breaker: forcing a half-open boundary open starts a new epoch", () => {
    const r = feed(halfOpen(), [{ kind: "force_open", reason: "no" }]);
    expect(transitions(r.effects)).toEqual(["HALF_OPEN>OPEN:force_open"]);
    expect(r.state.epoch).toBe(2);
  });
});

describe("breaker: legality, purity and the clock", () => {
  afterEach(() => vi.restoreAllMocks());

  it("breaker: the server classifies CLOSED→HALF_OPEN and OPEN→CLOSED reports as illegal", () => {
    expect(isLegalTransition("CLOSED", "HALF_OPEN")).toBe(false);
    expect(isLegalTransition("OPEN", "CLOSED")).toBe(false);
    expect(isLegalTransition("CLOSED", "CLOSED")).toBe(false);
    expect(isLegalTransition("HALF_OPEN", "HALF_OPEN")).toBe(false);
    for (const [f, t] of [["CLOSED", "OPEN"], ["OPEN", "HALF_OPEN"], ["HALF_OPEN", "CLOSED"], ["HALF_OPEN", "OPEN"], ["OPEN", "OPEN"]] as const) {
      expect(isLegalTransition(f, t)).toBe(true);
    }
  });

  it("breaker: ten thousand random inputs never produce an illegal transition or too many probes", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const three = { ...S, breaker: { ...S.breaker, half_open_max_probes: 2 } };
    let s = initialBreakerState();
    let now = T0;
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      now += Math.floor(rnd() * 120_000);
      const k = rnd();
      const epoch = s.epoch - (rnd() < 0.2 ? 1 : 0);
      const input: TBreakerInput =
        k < 0.35 ? { kind: "validation", outcome: rnd() < 0.3 ? "rejected" : "accepted", anomalyScore: rnd(), at: now }
        : k < 0.4 ? { kind: "force_open", reason: "fuzz" }
        : k < 0.55 ? approval(epoch, now + rnd() * 600_000, now + rnd() * 1_200_000, `a${i}`)
        : k < 0.75 ? { kind: "tick" }
        : { kind: "probe_result", outcome: rnd() < 0.2 ? "rejected" : "accepted", epoch };
      if (rnd() < 0.3) s = admit(s, three).state;
      const r = stepBreaker(s, input, three, now);
      const ts = r.effects.filter((e) => e.type === "transition");
      expect(ts.length).toBeLessThanOrEqual(1);
      for (const t of ts) {
        expect(isLegalTransition(t.from, t.to)).toBe(true);
        seen.add(`${t.from}>${t.to}`);
        expect([t.from, t.to]).toEqual([s.state, r.state.state]);
        if (t.to === "HALF_OPEN") expect(now).toBeGreaterThanOrEqual(s.cooldownEndsAt!);
      }
      if (ts.length === 0) expect(r.state.state).toBe(s.state);
      expect(r.state.probesInFlight + r.state.probesAccepted).toBeLessThanOrEqual(2);
      expect(r.state.epoch).toBeGreaterThanOrEqual(s.epoch);
      s = r.state;
    }
    // The walk must actually have exercised every legal transition for the check to mean anything.
    expect([...seen].sort()).toEqual(["CLOSED>OPEN", "HALF_OPEN>CLOSED", "HALF_OPEN>OPEN", "OPEN>HALF_OPEN", "OPEN>OPEN"]);
  });

  it("breaker: the machine never reads the wall clock; only the injected time matters", () => {
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("clock read");
    });
    const s = feed(tripped(), [approval(1, T0, T0 + 3_600_000)]).state;
    expect(feed(s, [{ kind: "tick" }], T0 + COOLDOWN_MS - 1).state.state).toBe("OPEN");
    expect(feed(s, [{ kind: "tick" }], T0 + COOLDOWN_MS).state.state).toBe("HALF_OPEN");
  });

  it("breaker: a step never mutates the state it was given", () => {
    const deepFreeze = <T,>(o: T): T => {
      if (o && typeof o === "object") Object.values(o).forEach(deepFreeze), Object.freeze(o);
      return o;
    };
    let s = deepFreeze(initialBreakerState());
    for (const input of [ok(), bad(), bad(), bad(), approval(1, T0, T0 + 3_600_000)]) s = deepFreeze(stepBreaker(s, input, S, T0).state);
    s = deepFreeze(stepBreaker(s, { kind: "tick" }, S, T0 + COOLDOWN_MS).state);
    expect(() => stepBreaker(admit(s, S).state, bad(), S, T0 + COOLDOWN_MS)).not.toThrow();
  });
});
