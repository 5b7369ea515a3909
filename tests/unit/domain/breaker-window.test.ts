import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { admit, initialBreakerState, stepBreaker, type TBreakerInput, type TBreakerSettings, type TBreakerState } from "../../../lib/domain/breaker.ts";
import { effectivePolicy } from "../../../lib/domain/effective-policy.ts";
import { DEFAULT_POLICY } from "../../../lib/domain/policy.ts";
import { fuzzRuns, fuzzTimeoutMs } from "../fuzz/fuzz-settings.ts";
import { admitWithArrays, stepBreakerWithArrays } from "./support/breaker-step-arrays.ts";

const T0 = Date.UTC(2026, 11, 1, 6, 0, 0);
const base = effectivePolicy(DEFAULT_POLICY);

/** What a breaker-state file would hold: the state as plain data. */
const plain = (s: TBreakerState): TBreakerState => JSON.parse(JSON.stringify(s));


const epochOffset = fc.integer({ min: -1, max: 1 });
const input: fc.Arbitrary<(epoch: number, now: number) => TBreakerInput> = fc.oneof(
  // Mostly good traffic, so that windows fill up and slide (a full window is where a representation can go wrong).
  { weight: 30, arbitrary: fc.record({ rejected: fc.nat(15).map((n) => n === 0), score: fc.oneof({ weight: 7, arbitrary: fc.constant(0.1) }, fc.double({ min: 0, max: 1, noNaN: true })) })
    .map(({ rejected, score }) => (_e: number, now: number): TBreakerInput => ({ kind: "validation", outcome: rejected ? "rejected" : "accepted", anomalyScore: score, at: now })) },
  { weight: 1, arbitrary: fc.constant((): TBreakerInput => ({ kind: "force_open", reason: "fuzz" })) },
  { weight: 2, arbitrary: fc.record({ d: epochOffset, nb: fc.integer({ min: 0, max: 900_000 }), ex: fc.integer({ min: 0, max: 1_800_000 }), id: fc.nat(5) })
    .map(({ d, nb, ex, id }) => (e: number, now: number): TBreakerInput => ({ kind: "approval", approvalId: `apr-${id}`, epoch: e + d, notBefore: now + nb, expiresAt: now + ex })) },
  { weight: 2, arbitrary: fc.constant((): TBreakerInput => ({ kind: "tick" })) },
  { weight: 2, arbitrary: fc.record({ rejected: fc.boolean(), d: epochOffset })
    .map(({ rejected, d }) => (e: number): TBreakerInput => ({ kind: "probe_result", outcome: rejected ? "rejected" : "accepted", epoch: e + d })) },
);
const ops = fc.array(fc.oneof(
  { weight: 12, arbitrary: fc.record({ dt: fc.integer({ min: 0, max: 120_000 }), make: input }) },
  { weight: 2, arbitrary: fc.constant({ op: "admit" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "reload" as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("back" as const), steps: fc.integer({ min: 1, max: 30 }) }) },
), { minLength: 40, maxLength: 200 });
const settings: fc.Arbitrary<TBreakerSettings> = fc.record({
  failure_threshold: fc.integer({ min: 1, max: 8 }), anomaly_threshold: fc.oneof(fc.constantFrom(0.15, 0.2, 0.25, 0.3), fc.double({ min: 0, max: 1, noNaN: true })),
  half_open_max_probes: fc.integer({ min: 1, max: 3 }),
}).map((b) => ({ ...base, breaker: { ...base.breaker, ...b } }));

describe("breaker: the compact window", () => {
  it("makes the same transitions, effects and states as the array window on random sequences (with restarts and older states stepped again)", () => {
    fc.assert(fc.property(settings, ops, (S, list) => {
      let now = T0;
      const compact: TBreakerState[] = [initialBreakerState()];
      const arrays: TBreakerState[] = [initialBreakerState()];
      const push = (c: TBreakerState, a: TBreakerState) => (compact.push(c), arrays.push(a));
      for (const o of list) {
        const [c, a] = [compact[compact.length - 1], arrays[arrays.length - 1]];
        if ("make" in o) {
          now += o.dt;
          const i = o.make(a.epoch, now);
          const rc = stepBreaker(c, i, S, now);
          const ra = stepBreakerWithArrays(a, i, S, now);
          expect(rc.effects).toEqual(ra.effects);
          push(rc.state, ra.state);
        } else if (o.op === "admit") {
          const [rc, ra] = [admit(c, S), admitWithArrays(a, S)];
          expect(rc.allowed).toBe(ra.allowed);
          push(rc.state, ra.state);
        } else if (o.op === "reload") {
          push(plain(c), a);
        } else {
          const k = Math.max(0, compact.length - 1 - o.steps);
          push(compact[k], arrays[k]);
        }
        expect(plain(compact[compact.length - 1])).toEqual(plain(arrays[arrays.length - 1]));
      }
      // Every state seen is still what it was when made (stepping newer or older ones changed none).
      expect(compact.map(plain)).toEqual(arrays.map(plain));
    }), fuzzRuns);
  }, fuzzTimeoutMs);

  it("a saved window longer than the breaker keeps is cut to its last WINDOW_SIZE validations, as before", () => {
    const long = { ...initialBreakerState(), window: Array.from({ length: 30 }, (_, i) => ({ t: T0 + i, anomalous: i === 12, rejected: i === 29 })), failures: 1 };
    const next = (s: TBreakerState) => stepBreaker(s, { kind: "validation", outcome: "accepted", anomalyScore: 0, at: T0 + 30 }, base, T0 + 30);
    expect(plain(next(long).state)).toEqual(plain(stepBreakerWithArrays(long, { kind: "validation", outcome: "accepted", anomalyScore: 0, at: T0 + 30 }, base, T0 + 30).state));
    expect(next(long).state.window).toHaveLength(20);
    expect(next(long).state.window[0]!.t).toBe(T0 + 11);
  });

  it("a spread copy of a state (which leaves the window out) is refused with a clear error, not stepped as an empty window", () => {
    const s = stepBreaker(initialBreakerState(), { kind: "validation", outcome: "rejected", anomalyScore: 0, at: T0 }, base, T0).state;
    expect(() => stepBreaker({ ...s }, { kind: "validation", outcome: "accepted", anomalyScore: 0, at: T0 }, base, T0)).toThrow(/without its window/);
    expect(stepBreaker(plain(s), { kind: "validation", outcome: "rejected", anomalyScore: 0, at: T0 }, base, T0).state.failures).toBe(2);
  });
});
