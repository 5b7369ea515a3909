"use client";

import { Timestamp } from "@/components/layout/time-ago";
import Link from "next/link";
import { ProvenanceLink } from "@/components/provenance/provenance-link";
import type { ReactNode } from "react";
import { useCan } from "@/components/auth/use-can";
import { ForceOpenForm } from "@/components/graph/force-open-form";
import type { BoundaryTimeline, TimelineEntry } from "@/lib/domain/views.ts";
import { Countdown } from "../live/countdown";
import { boundaryKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";
import { EvidenceView } from "../reviews/evidence-view";

/** One boundary's state, `charts`, and timeline (transitions, validations, reviews, incidents), live; force-open for those allowed. */
export function BoundaryTimelineView({ initial, charts }: { initial: BoundaryTimeline; charts?: ReactNode }) {
  const { boundary, entries } = useLiveJson(boundaryKeys.detail(initial.boundary.id), `/api/v1/boundaries/${initial.boundary.id}`, initial).data;
  const canForceOpen = useCan("boundary.force_open");
  return (
    <>
      <section>
        <h1>{boundary.sender} → {boundary.receiver}</h1>
        <p className="row">
          <span className={`pill pill-${boundary.state}`} data-testid="boundary-state">{boundary.state}</span>
          <span>epoch {boundary.epoch}</span>
          {boundary.state === "OPEN" && boundary.cooldownEndsAt && <span>Cooldown: <Countdown until={boundary.cooldownEndsAt} /></span>}
          <Link href="/reviews">Review queue</Link>
        </p>
        {canForceOpen && boundary.state !== "OPEN" && <div className="row actions"><ForceOpenForm key={boundary.id} boundaryId={boundary.id} /></div>}
      </section>
      {charts}
      <section>
        <h2>Timeline</h2>
        {entries.length === 0 ? <p className="empty">Nothing happened here yet.</p> : (
          <ol className="timeline">{entries.map((e, i) => <li key={i} className={`tl tl-${e.kind}`}><Entry e={e} /></li>)}</ol>
        )}
      </section>
    </>
  );
}

function Entry({ e }: { e: TimelineEntry }) {
  const at = <Timestamp value={e.at} />;
  switch (e.kind) {
    case "transition":
      return <>{at} <strong>{e.from} → {e.to}</strong> ({e.reason}, seq {e.seq}){e.approvalId ? ` under ${e.approvalId}` : ""}{e.applied ? "" : " · stale seq, not applied"}</>;
    case "validation":
      return <>{at} message <ProvenanceLink id={e.messageId} /> {e.outcome}{e.reasons.length ? `: ${e.reasons.join(", ")}` : ""} · score {e.anomalyScore.toFixed(2)}</>;
    case "incident":
      return <>{at} <strong className="bad">incident: {e.incident.type}</strong> — {e.incident.detail}</>;
    case "review":
      return (
        <details>
          <summary>{at} review of epoch {e.review.epoch} ({e.review.kind.replace("_", " ")}): <strong>{e.review.status}</strong>
            {e.review.approvals.map((a) => ` · ${a.email ?? a.userId} ${a.decision}d: “${a.comment}”`).join("")}</summary>
          {e.review.evidence && <EvidenceView evidence={e.review.evidence} />}
        </details>
      );
  }
}
