/** What became of an approved reset, as the reviewer who approved it sees it. */
export type ApprovalOutcome =
  | { stage: "waiting_approvers"; missing: number } // a two-approver review still needs someone
  | { stage: "cooldown"; until: string } // approved; the agent may probe once the cooldown ends
  | { stage: "probe_due"; expiresAt: string } // cooldown over; waiting for the agent to probe
  | { stage: "probing" } // the agent took the approval: HALF_OPEN, probes under way
  | { stage: "closed" } // the probe passed: the boundary is CLOSED again
  | { stage: "retripped" } // the probe failed: the boundary opened again, a new review is queued
  | { stage: "expired" } // nobody probed before the approval expired; the boundary stays OPEN
  | { stage: "other"; status: string }; // rejected or voided

type Review = {
  status: string;
  epoch: number;
  requiredApprovals: number;
  approvals: { decision: string }[];
  grant: { notBefore: string; expiresAt: string; usedAt: string | null } | null;
};
type Boundary = { state: string; epoch: number } | undefined;

/**
 * Where an approval stands, from the review and its boundary now: a newer epoch means the boundary tripped
 * again after the probe; the boundary's state tells a probe under way from one that closed it.
 */
export function approvalOutcome(review: Review, boundary: Boundary, now: number): ApprovalOutcome {
  if (review.status === "pending") {
    const approved = review.approvals.filter((a) => a.decision === "approve").length;
    return { stage: "waiting_approvers", missing: Math.max(review.requiredApprovals - approved, 0) };
  }
  if (review.status === "expired") return { stage: "expired" };
  if (review.status !== "approved" || !review.grant) return { stage: "other", status: review.status };
  if (boundary && boundary.epoch > review.epoch) return { stage: "retripped" };
  if (!review.grant.usedAt) {
    return now < Date.parse(review.grant.notBefore) ? { stage: "cooldown", until: review.grant.notBefore } : { stage: "probe_due", expiresAt: review.grant.expiresAt };
  }
  if (boundary?.state === "CLOSED") return { stage: "closed" };
  if (boundary?.state === "OPEN") return { stage: "retripped" };
  return { stage: "probing" };
}
