"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson } from "@/components/live/fetch-json";
import { graphKeys } from "./use-graph";

/** The kill switch for one boundary (security and admin only; the server checks the role again). */
export function ForceOpenForm({ boundaryId }: { boundaryId: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: () => fetchJson(`/api/v1/boundaries/${encodeURIComponent(boundaryId)}/force-open`, { method: "POST", body: { reason } }),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: graphKeys.all });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) mutation.mutate();
  };
  if (!open) {
    return (
      <>
        <button type="button" className="btn btn-danger btn-small" onClick={() => (setOpen(true), mutation.reset())}>Force open…</button>
        {mutation.isSuccess && <p className="notice" role="status">Force-open sent: the agent will be told to open the breaker.</p>}
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
        <button type="submit" className="btn btn-danger btn-small" disabled={mutation.isPending || !reason.trim()}>Force open</button>
        <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {mutation.isError && <p className="form-error" role="alert">Could not force open: {mutation.error.message}</p>}
    </form>
  );
}
