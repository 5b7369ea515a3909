"use client";

import { Timestamp } from "@/components/layout/time-ago";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { BoundarySparkline } from "@/components/boundaries/boundary-sparkline";
import type { BoundaryView, ReviewView } from "@/lib/domain/views.ts";
import { Countdown } from "../live/countdown";
import { boundaryKeys, reviewKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";
import { ApprovalFeedback } from "./approval-feedback";
import { ApproverList } from "./approver-list";
import { DecisionForm } from "./decision-form";
import { EvidenceView } from "./evidence-view";

type Props = { pending: ReviewView[]; boundaries: BoundaryView[]; canDecide: boolean; meId: string; history: ReactNode };

/** The review queue (oldest first) and its history, live; each item shows its boundary's current state. */
export function ReviewQueue(props: Props) {
  const pending = useLiveJson(reviewKeys.list("pending"), "/api/v1/reviews?status=pending&evidence=1", { reviews: props.pending }).data.reviews;
  // Reviews this person approved in this tab: their cards stay, showing what the approval led to.
  const [approved, setApproved] = useState<ReviewView[]>([]);
  const onDecided = (review: ReviewView, decision: string) => {
    if (decision === "approve") setApproved((list) => [review, ...list.filter((r) => r.id !== review.id)]);
  };
  const mine = new Set(approved.map((r) => r.id));
  const boundaries = useLiveJson(boundaryKeys.list(), "/api/v1/boundaries", { boundaries: props.boundaries }).data.boundaries;
  const stateOf = new Map(boundaries.map((b) => [b.id, b.state]));
  const name = (r: ReviewView) => `${r.sender} → ${r.receiver}`;
  const state = (r: ReviewView) => {
    const s = stateOf.get(r.boundaryId) ?? "unknown";
    return <span className={`pill pill-${s}`} data-testid={`state-${r.boundaryId}`}>{s}</span>;
  };
  return (
    <>
      <section aria-labelledby="queue-title">
        <h1 id="queue-title">Pending reviews ({pending.length})</h1>
        {approved.length > 0 && (
          <section aria-labelledby="approved-title">
            <h2 id="approved-title">Your approvals</h2>
            <ol className="review-list">{approved.map((r) => <ApprovalFeedback key={r.id} review={r} boundaries={boundaries} />)}</ol>
          </section>
        )}
        {pending.length === 0 ? <p className="empty">Nothing waits for a decision.</p> : (
          <ol className="review-list">
            {pending.map((r) => (
              <li key={r.id} className="review-card" data-testid={`review-${r.id}`}>
                <header className="row">
                  <h2><Link href={`/boundaries/${r.boundaryId}`}>{name(r)}</Link></h2>
                  {state(r)}
                  <span className="muted">epoch {r.epoch} · {r.kind.replace("_", " ")} · queued <Timestamp value={r.createdAt} /></span>
                  <span>Cooldown: <Countdown until={r.cooldownEndsAt} /></span>
                  <span className="muted">{r.approvals.filter((a) => a.decision === "approve").length} of {r.requiredApprovals} approvals</span>
                </header>
                <BoundarySparkline id={r.boundaryId} />
                <ApproverList review={r} meId={props.meId} />
                {r.evidence && <EvidenceView evidence={r.evidence} />}
                {!props.canDecide ? <p className="muted">Your role cannot decide reviews.</p>
                  : mine.has(r.id) || r.approvals.some((a) => a.userId === props.meId) ? <p className="muted">You approved this review; another reviewer must approve too.</p>
                  : <DecisionForm reviewId={r.id} label={name(r)} onDecided={onDecided} />}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {props.history}
      </section>
    </>
  );
}
