"use client";

import { useState, type FormEvent } from "react";
import { usePost } from "@/components/forms/use-post";
import { graphKeys } from "@/components/live/query-keys";

/** The kill switch for one boundary (security and admin only; the server checks the role again). */
export function ForceOpenForm({ boundaryId }: { boundaryId: string }) {
  const post = usePost({ invalidates: [graphKeys.all] });
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const [reason, setReason] = useState("");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    const sentNow = (await post.run(`/api/v1/boundaries/${encodeURIComponent(boundaryId)}/force-open`, { reason })).ok;
    if (sentNow) setOpen(false);
    setSent(sentNow);
  };
  if (!open) {
    return (
      <>
        <button type="button" className="btn btn-danger btn-small" onClick={() => (setOpen(true), setSent(false), post.reset())}>Force open…</button>
        {sent && <p className="notice" role="status">Force-open sent: the agent will be told to open the breaker.</p>}
      </>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Force open this boundary">
      <label>
        Why (kept in the audit log)
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required />
      </label>
      <div className="row">
        <button type="submit" className="btn btn-danger btn-small" disabled={post.busy || !reason.trim()}>Force open</button>
        <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {post.error && <p className="form-error" role="alert">Could not force open: {post.error.message}</p>}
    </form>
  );
}
