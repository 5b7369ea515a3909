"use client";

import Link from "next/link";
import { Timestamp } from "@/components/layout/time-ago";
import { useNow } from "@/components/layout/use-now";
import { approvalOutcome } from "@/lib/domain/approval-outcome.ts";
import type { BoundaryView } from "@/lib/server/boundaries/find-boundaries.ts";
import type { ReviewHistoryPage } from "@/lib/server/reviews/find-review-history.ts";
import { boundaryKeys, reviewKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";
import { personName } from "./approver-list";

const PROBE: Record<string, string> = { closed: "probe passed: closed", retripped: "re-tripped", probing: "probing", probe_due: "waiting for the probe", cooldown: "in cooldown", expired: "expired unused" };

/** One filtered page of decided reviews, newest first, live: who decided, why, and what the probe did. */
export function ReviewHistory(props: { initial: ReviewHistoryPage; params: string; boundaries: BoundaryView[] }) {
  const reviews = useLiveJson(reviewKeys.history(props.params), `/api/v1/reviews?status=decided&${props.params}`, props.initial).data.reviews;
  const boundaries = useLiveJson(boundaryKeys.list(), "/api/v1/boundaries", { boundaries: props.boundaries }).data.boundaries;
  const now = useNow() ?? 0;
  const byId = new Map(boundaries.map((b) => [b.id, b]));
  if (reviews.length === 0) return <p className="empty">No decisions match.</p>;
  return (
    <div className="table-scroll">
      <table className="table cards" aria-label="Review history">
        <thead><tr><th>Boundary</th><th>Now</th><th>Epoch</th><th>Outcome</th><th>Decisions</th><th>Decided</th></tr></thead>
        <tbody>
          {reviews.map((r) => {
            const b = byId.get(r.boundaryId);
            const probe = r.status === "approved" ? PROBE[approvalOutcome(r, b, now).stage] : undefined;
            return (
              <tr key={r.id} data-testid={`history-${r.id}`}>
                <td data-label="Boundary"><Link href={`/boundaries/${r.boundaryId}`}>{r.sender} → {r.receiver}</Link></td>
                <td data-label="Now"><span className={`pill pill-${b?.state ?? "unknown"}`} data-testid={`state-${r.boundaryId}`}>{b?.state ?? "unknown"}</span></td>
                <td data-label="Epoch">{r.epoch}</td>
                <td data-label="Outcome">{r.status}{probe ? ` · ${probe}` : ""}</td>
                <td data-label="Decisions">{r.approvals.map((a) => <div key={a.userId}>{personName(a)}: {a.decision} — “{a.comment}”</div>)}</td>
                <td data-label="Decided">{r.decidedAt ? <Timestamp value={r.decidedAt} /> : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
