import { describe, expect, it } from "vitest";
import { DryRun, describeChange, type TRecordedValidation } from "../../../lib/domain/dry-run.ts";
import { DEFAULT_POLICY, type TPolicy } from "../../../lib/domain/policy.ts";

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const HOUR = 3_600_000;

function policy(edit: (p: TPolicy) => void = () => {}): TPolicy {
  const p = structuredClone(DEFAULT_POLICY) as TPolicy;
  edit(p);
  return p;
}

let n = 0;
function v(at: number, outcome: "accepted" | "rejected", extra: Partial<TRecordedValidation> = {}): TRecordedValidation {
  return { at, messageId: `msg-${n++}`, sender: "price-monitor", receiver: "purchase-recommender", outcome, anomalyScore: 0.01, fanOut: 1, depth: 1, unvalidated: false, ...extra };
}

/** Ten accepted messages, then rejected ones at T0 + 60 s, + 120 s, … */
function traffic(rejected: number): TRecordedValidation[] {
  const out: TRecordedValidation[] = [];
  for (let i = 0; i < 10; i++) out.push(v(T0 + i * 1_000, "accepted"));
  for (let i = 1; i <= rejected; i++) out.push(v(T0 + i * 60_000, "rejected"));
  return out;
}

function run(current: TPolicy, draft: TPolicy, rows: TRecordedValidation[]) {
  const d = new DryRun(current, draft, T0, T0 + HOUR);
  for (const row of rows) d.validation(row);
  return d.result();
}

const iso = (t: number) => new Date(t).toISOString();

describe("policy dry run", () => {
  it("dry run: the third failure trips under the defaults; a draft threshold of 2 trips a minute earlier, one of 5 never", () => {
    const stricter = run(policy(), policy((p) => (p.breaker.failure_threshold = 2)), traffic(4));
    expect(stricter.boundaries).toMatchObject([{ sender: "price-monitor", receiver: "purchase-recommender", change: 0,
      current: { trips: [iso(T0 + 180_000)] }, draft: { trips: [iso(T0 + 120_000)] } }]);
    const looser = run(policy(), policy((p) => (p.breaker.failure_threshold = 5)), traffic(4));
    expect(looser.boundaries).toMatchObject([{ change: -1, current: { tripCount: 1 }, draft: { trips: [], tripCount: 0 } }]);
    expect(looser.summary).toEqual([
      "draft never trips price-monitor → purchase-recommender where the current policy tripped it once",
      "price-monitor: 0 messages refused by breaker_open under the draft, 1 under the current policy",
    ]);
  });

  it("dry run: an OPEN boundary stays OPEN until an approval; with a recorded approval it closes after the cooldown", () => {
    const noApproval = run(policy(), policy(), [...traffic(3), v(T0 + 1_000_000, "accepted")]);
    expect(noApproval.boundaries[0].current).toMatchObject({ tripCount: 1, openMs: HOUR - 180_000 });
    expect(noApproval.refusals).toEqual([{ agent: "price-monitor", reason: "breaker_open", current: 1, draft: 1 }]);
    // Approval granted 2 minutes after the trip; the cooldown (300 s) ends at trip + 300 s; the probe passes.
    const d = new DryRun(policy(), policy(), T0, T0 + HOUR);
    for (const row of traffic(3)) d.validation(row);
    d.approval("price-monitor", "purchase-recommender", { at: T0 + 300_000, approvalId: "apr-1", notBefore: T0 + 300_000, expiresAt: T0 + 2 * HOUR });
    d.validation(v(T0 + 1_000_000, "accepted"));
    d.validation(v(T0 + 1_100_000, "rejected"));
    const r = d.result();
    expect(r.boundaries[0].current).toMatchObject({ tripCount: 1, openMs: 300_000 });
    expect(r.refusals).toEqual([]);
  });

  it("dry run: messages the draft's caps refuse are counted per sender and rule", () => {
    const rows = [v(T0, "accepted", { fanOut: 4 }), v(T0 + 1, "accepted", { depth: 6 }), ...Array.from({ length: 22 }, (_, i) => v(T0 + 2 + i, "accepted"))];
    for (let i = 0; i < 3; i++) rows.push({ ...rows[0], receiver: `r${i}`, at: T0 + 100 + i }); // the same message at its other receivers
    const r = run(policy(), policy((p) => { p.fan_out.max_downstream_per_message = 5; p.fan_out.max_messages_per_agent_per_cycle = 10; }), rows);
    const byReason = Object.fromEntries(r.refusals.map((x) => [x.reason, [x.current, x.draft]]));
    expect(byReason).toEqual({ fan_out: [1, 0], chain_depth: [1, 1], rate: [2, 13] });
  });

  it("dry run: a sixth fan-out still waiting for its receivers is refused as concurrent_fan_out", () => {
    const rows = Array.from({ length: 6 }, (_, i) => v(T0 + i, "accepted", { messageId: `fan-${i}`, fanOut: 2 }));
    const r = run(policy(), policy((p) => (p.fan_out.max_concurrent_fan_out = 6)), rows);
    expect(r.refusals).toEqual([{ agent: "price-monitor", reason: "concurrent_fan_out", current: 1, draft: 0 }]);
  });

  it("dry run: a message the real breaker refused unseen feeds no breaker", () => {
    const rows = [...traffic(2), ...Array.from({ length: 5 }, (_, i) => v(T0 + 200_000 + i, "rejected", { unvalidated: true }))];
    const r = run(policy(), policy(), rows);
    expect(r.boundaries).toEqual([]);
    expect(r.boundariesReplayed).toBe(1);
  });

  it("dry run: the change is told in plain words", () => {
    const side = (tripCount: number) => ({ trips: [], tripCount, openMs: 0 });
    expect(describeChange({ sender: "a", receiver: "b", current: side(1), draft: side(4) })).toBe("draft trips a → b 4 times where the current policy tripped it once");
    expect(describeChange({ sender: "a", receiver: "b", current: side(0), draft: side(2) })).toBe("draft trips a → b twice where the current policy never tripped it");
  });
});
