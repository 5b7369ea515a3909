import type { PolicyReplay, TRefusalReason } from "./dry-run-policy.ts";

/** What one policy would have done at a boundary: when it tripped (ISO), how often, how long it stayed OPEN. */
export type TDryRunSide = { trips: string[]; tripCount: number; openMs: number };

/** One boundary in a dry run's result; `change` = draft trips − current trips. */
export type TDryRunBoundary = {
  sender: string; receiver: string; change: number; current: TDryRunSide; draft: TDryRunSide;
  /** Messages and failed (rejected or anomalous) validations per point across the window, for the chart. */
  chart: { bucketMs: number; messages: number[]; failed: number[] };
};

/** Messages an agent sent that one rule would have refused, under each policy. */
export type TDryRunRefusal = { agent: string; reason: TRefusalReason; current: number; draft: number };

/** A dry run's result: boundaries that trip under either policy (most changed first) and refusals per agent. */
export type TDryRunResult = {
  from: string; to: string; validations: number; boundariesReplayed: number;
  boundaries: TDryRunBoundary[]; refusals: TDryRunRefusal[];
  /** Plain sentences naming the biggest differences, for the page and the audit entry. */
  summary: string[];
};

/** At most this many boundaries are listed (the most changed). */
export const MAX_BOUNDARIES_LISTED = 500;

type TCompareInput = {
  current: PolicyReplay; draft: PolicyReplay; from: number; to: number; validations: number; bucketMs: number;
  charts: ReadonlyMap<string, { messages: Uint32Array; failed: Uint32Array }>;
};

function side(r: PolicyReplay, key: string): TDryRunSide {
  const b = r.boundaries.get(key);
  if (!b) return { trips: [], tripCount: 0, openMs: 0 };
  return { trips: b.trips.map((t) => new Date(t).toISOString()), tripCount: b.tripCount, openMs: b.openMs };
}

const times = (n: number) => (n === 0 ? "never" : n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

/** A sentence for one boundary's difference: "draft trips a → b 4 times where the current policy tripped it once". */
export function describeChange(b: Pick<TDryRunBoundary, "sender" | "receiver" | "current" | "draft">): string {
  const name = `${b.sender} → ${b.receiver}`;
  const [c, d] = [b.current.tripCount, b.draft.tripCount];
  if (c === d) return `draft and current policy both trip ${name} ${times(c)}`;
  if (d === 0) return `draft never trips ${name} where the current policy tripped it ${times(c)}`;
  return `draft trips ${name} ${times(d)} where the current policy ${c === 0 ? "never tripped it" : `tripped it ${times(c)}`}`;
}

/** Puts the two replays side by side: boundaries sorted by change (then by name), refusals by agent and rule. */
export function compareReplays(input: TCompareInput): TDryRunResult {
  const { current, draft } = input;
  const keys = new Set([...current.boundaries.keys(), ...draft.boundaries.keys()]);
  const boundaries: TDryRunBoundary[] = [];
  for (const key of keys) {
    const [c, d] = [side(current, key), side(draft, key)];
    if (c.tripCount === 0 && d.tripCount === 0) continue;
    const [sender, receiver] = key.split(" ");
    const chart = input.charts.get(key);
    boundaries.push({
      sender, receiver, change: d.tripCount - c.tripCount, current: c, draft: d,
      chart: { bucketMs: input.bucketMs, messages: chart ? [...chart.messages] : [], failed: chart ? [...chart.failed] : [] },
    });
  }
  boundaries.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || Math.abs(b.draft.openMs - b.current.openMs) - Math.abs(a.draft.openMs - a.current.openMs)
    || a.sender.localeCompare(b.sender) || a.receiver.localeCompare(b.receiver));
  const refusals = compareRefusals(current, draft);
  const summary = boundaries.filter((b) => b.change !== 0).slice(0, 5).map(describeChange);
  for (const r of refusals.filter((x) => x.current !== x.draft).slice(0, 5)) {
    summary.push(`${r.agent}: ${r.draft} messages refused by ${r.reason} under the draft, ${r.current} under the current policy`);
  }
  return {
    from: new Date(input.from).toISOString(), to: new Date(input.to).toISOString(), validations: input.validations,
    boundariesReplayed: keys.size, boundaries: boundaries.slice(0, MAX_BOUNDARIES_LISTED), refusals, summary,
  };
}

function compareRefusals(current: PolicyReplay, draft: PolicyReplay): TDryRunRefusal[] {
  const out = new Map<string, TDryRunRefusal>();
  for (const [which, r] of [["current", current], ["draft", draft]] as const) {
    for (const [agent, s] of r.senders) {
      for (const [reason, n] of s.refused) {
        const key = `${agent} ${reason}`;
        const row = out.get(key) ?? { agent, reason, current: 0, draft: 0 };
        row[which] = n;
        out.set(key, row);
      }
    }
  }
  return [...out.values()].sort((a, b) => Math.abs(b.draft - b.current) - Math.abs(a.draft - a.current) || a.agent.localeCompare(b.agent) || a.reason.localeCompare(b.reason));
}
