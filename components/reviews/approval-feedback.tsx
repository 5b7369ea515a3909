"use client";

import Link from "next/link";
import { Timestamp } from "@/components/layout/time-ago";
import { useNow } from "@/components/layout/use-now";
import { approvalOutcome } from "@/lib/domain/approval-outcome.ts";
import type { BoundaryView } from "@/lib/server/boundaries/find-boundaries.ts";
import type { ReviewView } from "@/lib/server/reviews/review-view.ts";
import { Countdown } from "../live/countdown";
import { reviewKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";

/**
 * The card a reviewer sees after approving a reset: approved by you, the probe after the cooldown (counting
 * down), then what the probe did — the boundary closed, or it tripped again. Live: it follows the review and
 * its boundary as the stream reports them.
 */
export function ApprovalFeedback({ review: initial, boundaries }: { review: ReviewView; boundaries: BoundaryView[] }) {
  const review = useLiveJson(reviewKeys.detail(initial.id), `/api/v1/reviews/${initial.id}`, { review: initial }).data.review;
  const now = useNow() ?? Date.parse(initial.decidedAt ?? initial.createdAt);
  const boundary = boundaries.find((b) => b.id === review.boundaryId);
  const outcome = approvalOutcome(review, boundary, now);
  const name = `${review.sender} → ${review.receiver}`;
  return (
    <li className="review-card review-feedback" data-testid={`feedback-${review.id}`} aria-live="polite">
      <header className="row">
        <h3><Link href={`/boundaries/${review.boundaryId}`}>{name}</Link></h3>
        <span className="muted">epoch {review.epoch}</span>
      </header>
      <p data-testid={`outcome-${review.id}`}>
        {outcome.stage === "waiting_approvers" && <>Approved by you — waiting for {outcome.missing} more reviewer{outcome.missing > 1 ? "s" : ""} before the agent may probe.</>}
        {outcome.stage === "cooldown" && <>Approved by you — probe after the cooldown: <Countdown until={outcome.until} done="cooldown over" />.</>}
        {outcome.stage === "probe_due" && <>Approved by you — the cooldown is over; waiting for the agent to probe (the approval expires <Timestamp value={outcome.expiresAt} />).</>}
        {outcome.stage === "probing" && <>Approved by you — the agent is probing (HALF_OPEN).</>}
        {outcome.stage === "closed" && <strong className="ok">Approved by you — the probe passed: the boundary is CLOSED.</strong>}
        {outcome.stage === "retripped" && <strong className="bad">Approved by you — the probe failed: the boundary re-tripped and a new review is queued.</strong>}
        {outcome.stage === "expired" && <>Approved by you — nobody probed before the approval expired; the boundary stays OPEN.</>}
        {outcome.stage === "other" && <>This review ended {outcome.status}.</>}
      </p>
    </li>
  );
}
