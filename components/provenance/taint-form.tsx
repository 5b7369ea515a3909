"use client";

import { useActionState } from "react";
import type { TaintState } from "@/lib/domain/views.ts";
import { TaintSummary } from "./taint-summary";

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
      {state?.ok && <TaintSummary report={state.data} query={state.query} />}
    </form>
  );
}
