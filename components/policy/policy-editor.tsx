"use client";

import { useState, type FormEvent } from "react";
import { useCan } from "@/components/auth/use-can";
import type { TPolicy } from "@/lib/domain/policy.ts";
import { DryRunPanel } from "./dry-run-panel";
import { PublishDialog } from "./publish-dialog";
import { usePublish } from "./use-publish";

/**
 * The policy editor: admins edit the YAML in force and publish it as a new version after a confirmation
 * showing the diff; admins and security dry run the draft against recorded traffic first.
 */
export function PolicyEditor({ yaml, defaultsYaml, version, inForce }: { yaml: string; defaultsYaml: string; version: number; inForce: TPolicy }) {
  const canEdit = useCan("policy.edit");
  const canDryRun = useCan("policy.dry_run");
  const publish = usePublish(inForce);
  const [text, setText] = useState(yaml);
  if (!canDryRun) return null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    publish.ask(text);
  }

  return (
    <>
      <section>
        <h2>{canEdit ? "Edit the policy" : "Draft a policy"}</h2>
        <p className="muted">
          Edits start from version {version}.{canEdit ? " Publishing stores a new version and tells every agent to fetch it." : " Only admins publish; you can dry run a draft."}
        </p>
        <form className="policy-editor" onSubmit={onSubmit} aria-label={canEdit ? "Edit the policy" : "Draft a policy"}>
          <label>
            Policy YAML
            <textarea className="code-input" value={text} onChange={(e) => setText(e.target.value)} rows={30} spellCheck={false} />
          </label>
          <div className="policy-problems">
            {publish.error && <p role="alert" className="form-error">{publish.error.message}</p>}
            {publish.error && publish.error.problems.length > 0 && (
              <ul aria-label="Problems" data-testid="policy-problems">
                {publish.error.problems.map((p, i) => <li key={i}><code>{p.path}</code>: {p.message}</li>)}
              </ul>
            )}
            {publish.saved !== null && <p role="status" className="notice">Saved as version {publish.saved}.</p>}
          </div>
          {canEdit && (
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={publish.busy}>Save as new version</button>
              <button type="button" className="btn" disabled={publish.busy} onClick={() => setText(defaultsYaml)}>Reset to defaults</button>
            </div>
          )}
        </form>
      </section>
      <DryRunPanel draft={() => text} {...(canEdit ? { onPublish: (dryRun: { id: string; summary: string[] }, draftYaml: string) => publish.ask(draftYaml, dryRun) } : {})} />
      {publish.pending && (
        <PublishDialog ask={publish.pending} version={version} busy={publish.busy} onConfirm={() => void publish.confirm()} onCancel={publish.cancel} />
      )}
    </>
  );
}
