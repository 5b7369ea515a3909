"use client";

import { useState, type FormEvent } from "react";
import { useCan } from "@/components/auth/use-can";
import { usePost } from "@/components/forms/use-post";

/** The admin's policy editor: the YAML in force, saved as a new version; problems listed by path beside it. */
export function PolicyEditor({ yaml, defaultsYaml, version }: { yaml: string; defaultsYaml: string; version: number }) {
  const allowed = useCan("policy.edit");
  const { busy, error, run } = usePost();
  const [text, setText] = useState(yaml);
  const [saved, setSaved] = useState<number | null>(null);
  if (!allowed) return null;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(null);
    const result = await run<{ version: number }>("/api/v1/policy/versions", { yaml: text });
    if (result.ok) setSaved(result.data.version);
  }

  return (
    <section>
      <h2>Edit the policy</h2>
      <p className="muted">Edits start from version {version}. Saving stores a new version and tells every agent to fetch it.</p>
      <form className="policy-editor" onSubmit={onSubmit} aria-label="Edit the policy">
        <label>
          Policy YAML
          <textarea className="code-input" value={text} onChange={(e) => setText(e.target.value)} rows={30} spellCheck={false} />
        </label>
        <div className="policy-problems">
          {error && <p role="alert" className="form-error">{error.message}</p>}
          {error && error.problems.length > 0 && (
            <ul aria-label="Problems" data-testid="policy-problems">
              {error.problems.map((p, i) => <li key={i}><code>{p.path}</code>: {p.message}</li>)}
            </ul>
          )}
          {saved !== null && <p role="status" className="notice">Saved as version {saved}.</p>}
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>Save as new version</button>
          <button type="button" className="btn" disabled={busy} onClick={() => { setText(defaultsYaml); setSaved(null); }}>Reset to defaults</button>
        </div>
      </form>
    </section>
  );
}
