"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FieldError } from "@/components/forms/field-error";
import { usePost } from "@/components/forms/use-post";
import { incidentKeys } from "@/components/live/query-keys";

/** Acknowledge or resolve one incident, with a comment (required to resolve); the server checks the role and the order. */
export function IncidentStatusForm({ id, status }: { id: string; status: string }) {
  const client = useQueryClient();
  const { busy, error, run } = usePost();
  const [comment, setComment] = useState("");
  if (status === "resolved") return null;
  const move = async (to: "acknowledged" | "resolved") => {
    const result = await run(`/api/v1/incidents/${encodeURIComponent(id)}/status`, { status: to, comment });
    if (result.ok) setComment("");
    await client.invalidateQueries({ queryKey: incidentKeys.all });
  };
  return (
    <form className="form incident-status" aria-label={`Change the status of incident ${id}`} onSubmit={(e) => e.preventDefault()}>
      <label>Comment{status === "open" ? " (required to resolve)" : " (required)"}
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
        <FieldError error={error} field="comment" />
      </label>
      <div className="row">
        {status === "open" && <button type="button" className="btn btn-small" disabled={busy} onClick={() => move("acknowledged")}>Acknowledge</button>}
        <button type="button" className="btn btn-primary btn-small" disabled={busy || !comment.trim()} onClick={() => move("resolved")}>Resolve</button>
      </div>
      {error && !error.fields.comment && <p className="form-error" role="alert">{error.message}</p>}
    </form>
  );
}
