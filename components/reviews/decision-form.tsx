"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { usePost } from "@/components/forms/use-post";
import type { ReviewView } from "@/lib/domain/views.ts";
import { boundaryKeys, reviewKeys } from "../live/query-keys";

type Props = { reviewId: string; label: string; onDecided?: (review: ReviewView, decision: "approve" | "reject") => void };

/**
 * Approve or reject one review, with the comment the server requires. One review at a time: no bulk approval.
 * A refusal (a stale tab: someone else decided) shows the server's words, which name who and when.
 */
export function DecisionForm({ reviewId, label, onDecided }: Props) {
  const client = useQueryClient();
  const { busy, error, run } = usePost();
  const [comment, setComment] = useState("");
  const submit = async (decision: "approve" | "reject") => {
    if (!comment.trim()) return;
    const result = await run<{ review: ReviewView }>(`/api/v1/reviews/${reviewId}/decision`, { decision, comment });
    // A refusal leaves the card as it is, so its message (who decided, and when) stays readable.
    if (!result.ok) return;
    onDecided?.(result.data.review, decision);
    await Promise.all([client.invalidateQueries({ queryKey: reviewKeys.all }), client.invalidateQueries({ queryKey: boundaryKeys.all })]);
  };
  return (
    <form className="form decision" onSubmit={(e) => e.preventDefault()} aria-label={`Decide ${label}`}>
      <label>
        Comment (required)
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={2000} rows={2} />
      </label>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={busy || !comment.trim()} onClick={() => submit("approve")}>Approve reset</button>
        <button type="button" className="btn btn-danger" disabled={busy || !comment.trim()} onClick={() => submit("reject")}>Reject</button>
      </div>
      {error && <p className="form-error" role="alert">{error.message}</p>}
    </form>
  );
}
