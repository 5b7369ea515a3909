"use client";

import { useState } from "react";
import { DRY_RUN_WINDOWS, windowOf } from "./dry-run-window";
import { DryRunResults } from "./dry-run-results";
import { useDryRun } from "./use-dry-run";

/**
 * Dry run of the draft: pick a window, replay the recorded traffic against the draft and the policy in
 * force, follow the progress (cancellable), compare; `onPublish` (admins) publishes the draft from the result.
 */
export function DryRunPanel({ draft, onPublish }: { draft: () => string; onPublish?: (dryRun: { id: string; summary: string[] }, yaml: string) => void }) {
  const { run, error, busy, start, cancel } = useDryRun();
  const [choice, setChoice] = useState<string>("24h");
  const [custom, setCustom] = useState({ from: "", to: "" });
  const window = windowOf(choice, custom);
  return (
    <section aria-labelledby="dry-run-title" data-testid="dry-run-panel">
      <h2 id="dry-run-title">Dry run the draft</h2>
      <p className="muted">Replays the recorded traffic of a window against the draft and the policy in force, through the same breaker and caps the agents run.</p>
      <div className="row">
        <label>Window{" "}
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            {DRY_RUN_WINDOWS.map((w) => <option key={w.value} value={w.value}>{w.label}</option>)}
            <option value="custom">From – to</option>
          </select>
        </label>
        {choice === "custom" && (
          <>
            <label>From (your time zone) <input type="datetime-local" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} /></label>
            <label>To (your time zone) <input type="datetime-local" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} /></label>
          </>
        )}
        <button type="button" className="btn" disabled={busy || !window || run?.status === "running"} onClick={() => window && start(draft(), window)}>Start dry run</button>
      </div>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {error && error.problems.length > 0 && <ul aria-label="Problems">{error.problems.map((p, i) => <li key={i}><code>{p.path}</code>: {p.message}</li>)}</ul>}
      {run?.status === "running" && (
        <div className="row" role="status">
          <label>Replaying <progress max={1} value={run.progress} data-testid="dry-run-progress" /> {Math.round(run.progress * 100)} %</label>
          <button type="button" className="btn btn-small" onClick={cancel}>Cancel</button>
        </div>
      )}
      {run?.status === "cancelled" && <p role="status">The dry run was cancelled.</p>}
      {run?.status === "failed" && <p role="alert" className="form-error">The dry run failed: {run.error}</p>}
      {run?.status === "done" && run.result && (
        <>
          <DryRunResults result={run.result} />
          {onPublish && <button type="button" className="btn btn-primary" onClick={() => onPublish({ id: run.id, summary: run.result!.summary }, run.yaml)}>Publish this draft</button>}
        </>
      )}
    </section>
  );
}
