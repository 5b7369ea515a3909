"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "../live/fetch-json";
import { boundaryKeys, reviewKeys } from "../live/query-keys";

/** Approve or reject one review, with the comment the server requires. One review at a time: no bulk approval. */
export function DecisionForm({ reviewId, label }: { reviewId: string; label: string }) {
  const client = useQueryClient();
  const [comment, setComment] = useState("");
  const decide = useMutation({
    mutationFn: (decision: "approve" | "reject") => fetchJson(`/api/v1/reviews/${reviewId}/decision`, { method: "POST", body: { decision, comment } }),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: reviewKeys.all }), client.invalidateQueries({ queryKey: boundaryKeys.all })]),
  });
  const submit = (decision: "approve" | "reject") => {
    if (comment.trim()) decide.mutate(decision);
  };
  return (
    <form className="form decision" onSubmit={(e) => e.preventDefault()} aria-label={`Decide ${label}`}>
      <label>
        Comment (required)
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={2000} rows={2} />
      </label>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={decide.isPending || !comment.trim()} onClick={() => submit("approve")}>Approve reset</button>
        <button type="button" className="btn btn-danger" disabled={decide.isPending || !comment.trim()} onClick={() => submit("reject")}>Reject</button>
      </div>
      {decide.error && <p className="form-error" role="alert">{decide.error.message}</p>}
    </form>
  );
}
