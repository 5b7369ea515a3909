import { describe, expect, it } from "vitest";
import {
  checkChainDepth, checkFanOut, expireFanOuts, fanOutTracker, finishFanOut, rateWindow, recordSend, startFanOut,
} from "../../../lib/domain/caps.ts";
import { ZPolicyViolationData } from "../../../lib/domain/events.ts";
import { checkMemoryRead, checkMemoryWrite, findGrant } from "../../../lib/domain/memory-access.ts";
import { DEFAULT_POLICY, type TMemoryGrant } from "../../../lib/domain/policy.ts";
import { effectivePolicy } from "../../../lib/domain/effective-policy.ts";
import { VIOLATION_RULES } from "../../../lib/domain/violation.ts";

const F = effectivePolicy(DEFAULT_POLICY).fan_out;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0); // a multiple of 60 s

describe("fan-out and chain depth", () => {
  it("caps: a message to three receivers passes; to four it is refused whole", () => {
    expect(checkFanOut(["aa", "bb", "cc"], F)).toEqual({ ok: true });
    expect(checkFanOut(["aa", "bb", "cc", "dd"], F)).toEqual({
      ok: false, rule: "fan_out", count: 4, detail: "4 receivers in one message (max_downstream_per_message 3)",
    });
  });

  it("caps: naming the same receiver twice counts it once", () => {
    expect(checkFanOut(["aa", "aa", "bb", "bb", "cc"], F).ok).toBe(true);
  });

  it("caps: a chain of five agents passes; a sixth is refused as chain_depth", () => {
    expect(checkChainDepth(["a1", "a2", "a3", "a4", "a5"], F)).toEqual({ ok: true });
    expect(checkChainDepth(["a1", "a2", "a3", "a4", "a5", "a6"], F)).toMatchObject({ ok: false, rule: "chain_depth", count: 6 });
  });

  it("caps: every refusal is a valid policy.violation event body", () => {
    const refusals = [checkFanOut(["aa", "bb", "cc", "dd"], F), checkChainDepth(Array(9).fill("ab"), F), recordSend(rateWindow(), T0, F, 21)];
    for (const r of refusals) {
      if (r.ok) throw new Error("expected a refusal");
      expect(VIOLATION_RULES).toContain(r.rule);
      expect(ZPolicyViolationData.safeParse({ rule: r.rule, detail: r.detail, count: r.count }).success).toBe(true);
    }
  });
});

describe("rate per cycle", () => {
  it("caps: the 21st message in a 60 s cycle is refused and the next cycle starts afresh", () => {
    let w = rateWindow();
    for (let i = 0; i < 20; i++) {
      const r = recordSend(w, T0 + i * 1000, F);
      expect(r.ok).toBe(true);
      w = r.state;
    }
    const refused = recordSend(w, T0 + 59_999, F);
    expect(refused).toMatchObject({ ok: false, rule: "rate", count: 21 });
    expect(refused.state).toEqual(w); // a refused send is not counted
    const next = recordSend(refused.state, T0 + 60_000, F);
    expect(next).toEqual({ ok: true, state: { cycleStart: T0 + 60_000, count: 1 } });
  });

  it("caps: a fan-out to several receivers counts each message", () => {
    const r = recordSend(recordSend(rateWindow(), T0, F, 18).state, T0, F, 3);
    expect(r).toMatchObject({ ok: false, rule: "rate", count: 21 });
  });

  it("caps: a clock stepping back does not open a fresh cycle", () => {
    const full = recordSend(rateWindow(), T0 + 60_000, F, 20).state;
    expect(recordSend(full, T0 + 1000, F).ok).toBe(false);
  });
});

describe("concurrent fan-outs", () => {
  it("caps: a sixth unanswered fan-out is refused until one is answered", () => {
    let t = fanOutTracker();
    for (let i = 0; i < 5; i++) t = startFanOut(t, `f${i}`, T0, F).state;
    const refused = startFanOut(t, "f5", T0, F);
    expect(refused).toMatchObject({ ok: false, rule: "fan_out", count: 6, detail: expect.stringContaining("max_concurrent_fan_out") });
    expect(startFanOut(finishFanOut(t, "f2"), "f5", T0, F).ok).toBe(true);
  });

  it("caps: starting the same fan-out twice counts it once", () => {
    const t = startFanOut(fanOutTracker(), "f1", T0, F).state;
    expect(startFanOut(t, "f1", T0, F)).toEqual({ ok: true, state: t });
  });

  it("caps: fan-outs nobody answers are forgotten after their age limit", () => {
    let t = fanOutTracker();
    t = startFanOut(t, "old", T0, F).state;
    t = startFanOut(t, "new", T0 + 50_000, F).state;
    expect(expireFanOuts(t, T0 + 60_001, 60_000).open.map((f) => f.id)).toEqual(["new"]);
  });
});

describe("memory partitions and grants", () => {
  const grants: TMemoryGrant[] = [
    { reader: "planner", partition: "researcher", expires_at: "2026-11-27T11:00:00.000Z" },
    { reader: "auditor", partition: "researcher", expires_at: null },
  ];

  it("memory: an agent writes its own partition and nobody else's", () => {
    expect(checkMemoryWrite("planner", "planner")).toEqual({ ok: true });
    expect(checkMemoryWrite("planner", "researcher")).toMatchObject({ ok: false, rule: "grant_missing" });
  });

  it("memory: reading another partition needs a grant, and the grant expires", () => {
    expect(checkMemoryRead(grants, "planner", "researcher", T0)).toEqual({ ok: true });
    expect(checkMemoryRead(grants, "planner", "researcher", Date.UTC(2026, 10, 27, 11))).toMatchObject({ rule: "grant_missing" });
    expect(checkMemoryRead(grants, "researcher", "planner", T0)).toMatchObject({ ok: false, rule: "grant_missing" });
    expect(checkMemoryRead(grants, "planner", "planner", T0)).toEqual({ ok: true });
  });

  it("memory: a grant without expiry lasts", () => {
    expect(findGrant(grants, "auditor", "researcher", Date.UTC(2099, 0, 1))).toBe(grants[1]);
  });
});
