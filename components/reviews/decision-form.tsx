"use client";

import { useState } from "react";
import { usePost } from "@/components/forms/use-post";
import { boundaryKeys, reviewKeys } from "@/components/live/query-keys";

/** Approve or reject one review, with the comment the server requires. One review at a time: no bulk approval. */
export function DecisionForm({ reviewId, label }: { reviewId: string; label: string }) {
  const [comment, setComment] = useState("");
  const decide = usePost({ invalidates: [reviewKeys.all, boundaryKeys.all] });
  const submit = (decision: "approve" | "reject") => {
    if (comment.trim()) void decide.run(`/api/v1/reviews/${reviewId}/decision`, { decision, comment });
  };
  return (
    <form className="form decision" onSubmit={(e) => e.preventDefault()} aria-label={`Decide ${label}`}>
      <label>
        Comment (required)
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={2000} rows={2} />
      </label>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={decide.busy || !comment.trim()} onClick={() => submit("approve")}>Approve reset</button>
        <button type="button" className="btn btn-danger" disabled={decide.busy || !comment.trim()} onClick={() => submit("reject")}>Reject</button>
      </div>
      {decide.error && <p className="form-error" role="alert">{decide.error.message}</p>}
    </form>
  );
}
