"use client";

import { useEffect, useRef } from "react";
import type { TPolicyChange } from "@/lib/domain/policy-diff.ts";
import { PolicyDiffList } from "./policy-diff-list";

/** What the confirmation shows: the changes against the version in force, and the dry run's findings if it came from one. */
export type TPublishAsk = { changes: TPolicyChange[]; dryRunSummary?: string[] };

/** The confirmation before publishing a new policy version: the diff against the version in force, then Publish or Cancel. */
export function PublishDialog({ ask, version, busy, onConfirm, onCancel }: {
  ask: TPublishAsk; version: number; busy: boolean; onConfirm: () => void; onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="publish-title" onCancel={onCancel} data-testid="publish-dialog">
      <h2 id="publish-title">Publish version {version + 1}?</h2>
      <p>These settings change against version {version}, which is in force; every agent is told to fetch the new version.</p>
      <PolicyDiffList changes={ask.changes} testId="publish-diff" />
      {ask.dryRunSummary && (
        <>
          <h3>What the dry run found</h3>
          {ask.dryRunSummary.length === 0 ? <p className="muted">No boundary or agent would behave differently.</p> : (
            <ul>{ask.dryRunSummary.map((s) => <li key={s}>{s}</li>)}</ul>
          )}
        </>
      )}
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={onConfirm}>Publish version {version + 1}</button>
        <button type="button" className="btn" disabled={busy} onClick={onCancel}>Cancel</button>
      </div>
    </dialog>
  );
}
