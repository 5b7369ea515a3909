import type { ReviewView } from "@/lib/server/reviews/review-view.ts";

type Approval = ReviewView["approvals"][number];

/** A person as the review queue names them: name and email, or "you". */
export const personName = (a: Pick<Approval, "userId" | "name" | "email">, meId?: string) =>
  a.userId === meId ? "you" : a.name ? `${a.name} (${a.email})` : (a.email ?? "someone no longer here");

/** Who already approved a pending review, and how many more approvals it needs. */
export function ApproverList({ review, meId }: { review: ReviewView; meId?: string }) {
  const approvers = review.approvals.filter((a) => a.decision === "approve");
  const missing = Math.max(review.requiredApprovals - approvers.length, 0);
  return (
    <p className="approvers" data-testid={`approvers-${review.id}`}>
      {approvers.length === 0 ? (
        <span className="muted">No approvals yet{review.requiredApprovals > 1 ? ` (needs ${review.requiredApprovals} different reviewers)` : ""}.</span>
      ) : (
        <>Approved by {approvers.map((a) => personName(a, meId)).join(", ")} — {missing > 0 ? `waiting for ${missing} more reviewer${missing > 1 ? "s" : ""}` : "enough approvals"}.</>
      )}
    </p>
  );
}
