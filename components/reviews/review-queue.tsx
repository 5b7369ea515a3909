"use client";

import { Timestamp } from "@/components/layout/time-ago";
import Link from "next/link";
import { BoundarySparkline } from "@/components/boundaries/boundary-sparkline";
import type { BoundaryView, ReviewView } from "@/lib/domain/views.ts";
import { Countdown } from "../live/countdown";
import { boundaryKeys, reviewKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";
import { DecisionForm } from "./decision-form";
import { EvidenceView } from "./evidence-view";

type Props = { pending: ReviewView[]; decided: ReviewView[]; boundaries: BoundaryView[]; canDecide: boolean };

/** The review queue (oldest first) and its history, live; each item shows its boundary's current state. */
export function ReviewQueue(props: Props) {
  const pending = useLiveJson(reviewKeys.list("pending"), "/api/v1/reviews?status=pending&evidence=1", { reviews: props.pending }).data.reviews;
  const decided = useLiveJson(reviewKeys.list("decided"), "/api/v1/reviews?status=decided", { reviews: props.decided }).data.reviews;
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
                {r.evidence && <EvidenceView evidence={r.evidence} />}
                {props.canDecide ? <DecisionForm reviewId={r.id} label={name(r)} /> : <p className="muted">Your role cannot decide reviews.</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {decided.length === 0 ? <p className="empty">No decisions yet.</p> : (
          <table className="table">
            <thead><tr><th>Boundary</th><th>Now</th><th>Epoch</th><th>Outcome</th><th>Decisions</th><th>Decided</th></tr></thead>
            <tbody>
              {decided.map((r) => (
                <tr key={r.id} data-testid={`history-${r.id}`}>
                  <td><Link href={`/boundaries/${r.boundaryId}`}>{name(r)}</Link></td>
                  <td>{state(r)}</td>
                  <td>{r.epoch}</td>
                  <td>{r.status}{r.grant?.usedAt ? " · used" : ""}</td>
                  <td>{r.approvals.map((a) => <div key={a.userId}>{a.email ?? a.userId}: {a.decision} — “{a.comment}”</div>)}</td>
                  <td>{r.decidedAt ? <Timestamp value={r.decidedAt} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
