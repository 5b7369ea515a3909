"use client";

import { useActionState } from "react";
import type { TaintState } from "@/lib/domain/views.ts";

/** Trace everything an agent's output reached in a time window (or one node), via a server action. */
export function TaintForm({ action }: { action: (prev: TaintState, form: FormData) => Promise<TaintState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="form" aria-label="Trace taint">
      <div className="row">
        <label>Agent <input name="agentId" placeholder="price-monitor" required /></label>
        <label>From <input name="from" type="datetime-local" /></label>
        <label>To <input name="to" type="datetime-local" /></label>
        <button className="btn btn-danger" disabled={pending}>{pending ? "Tracing…" : "Mark as tainted and trace"}</button>
      </div>
      {state && !state.ok && <p role="alert" className="form-error">{state.error}</p>}
      {state?.ok && (
        <div className="notice" data-testid="taint-report">
          <p>
            {state.data.seeds} tainted node(s) reached <strong>{state.data.records.length}</strong> memory record(s),{" "}
            <strong>{state.data.messages.length}</strong> message(s) and {state.data.agents.length} agent(s)
            {state.data.agents.length ? `: ${state.data.agents.join(", ")}` : ""}.
          </p>
          {state.data.records.length > 0 && (
            <ul>{state.data.records.slice(0, 50).map((r) => <li key={r.id}><code>{r.id}</code> ({r.agentId}, depth {r.depth})</li>)}</ul>
          )}
        </div>
      )}
    </form>
  );
}
