"use client";

import type { TDryRunResult } from "@/lib/domain/dry-run.ts";
import { DryRunChart } from "./dry-run-chart";

const minutes = (ms: number) => (ms === 0 ? "—" : `${Math.round(ms / 60_000)} min`);
const SHOWN = 50;

/** The comparison: summary sentences, boundaries sorted by change with a chart each, refusals per agent. */
export function DryRunResults({ result }: { result: TDryRunResult }) {
  return (
    <div data-testid="dry-run-result">
      <p className="muted">{result.validations.toLocaleString()} validations replayed over {result.boundariesReplayed} boundaries.</p>
      {result.summary.length > 0 ? <ul data-testid="dry-run-summary">{result.summary.map((s) => <li key={s}>{s}</li>)}</ul> : <p>The draft behaves like the policy in force.</p>}
      {result.boundaries.length > 0 && (
        <table className="table" data-testid="dry-run-boundaries">
          <caption>Boundaries that trip under either policy, most changed first{result.boundaries.length > SHOWN ? ` (first ${SHOWN})` : ""}</caption>
          <thead><tr><th>Boundary</th><th>Current trips</th><th>Draft trips</th><th>Change</th><th>OPEN (current / draft)</th><th>Traffic and trips</th></tr></thead>
          <tbody>
            {result.boundaries.slice(0, SHOWN).map((b) => (
              <tr key={`${b.sender} ${b.receiver}`}>
                <td>{b.sender} → {b.receiver}</td>
                <td>{b.current.tripCount}</td>
                <td>{b.draft.tripCount}</td>
                <td>{b.change > 0 ? `+${b.change}` : b.change}</td>
                <td>{minutes(b.current.openMs)} / {minutes(b.draft.openMs)}</td>
                <td><DryRunChart boundary={b} from={result.from} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.refusals.length > 0 && (
        <table className="table" data-testid="dry-run-refusals">
          <caption>Messages that would have been refused, per sending agent</caption>
          <thead><tr><th>Agent</th><th>Rule</th><th>Current</th><th>Draft</th></tr></thead>
          <tbody>{result.refusals.map((r) => <tr key={`${r.agent} ${r.reason}`}><td>{r.agent}</td><td>{r.reason}</td><td>{r.current}</td><td>{r.draft}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  );
}
