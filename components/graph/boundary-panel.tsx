"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { cooldownLeftS, formatDuration } from "@/lib/domain/graph.ts";
import type { BoundarySummary } from "@/lib/domain/views.ts";
import { Timestamp } from "@/components/layout/time-ago";
import { BoundarySparkline } from "@/components/boundaries/boundary-sparkline";
import { fetchJson } from "@/components/live/fetch-json";
import { ForceOpenForm } from "./force-open-form";
import { graphKeys } from "@/components/live/query-keys";

type Props = { id: string; now: number | null; poll: number | false; canForceOpen: boolean; canDecide: boolean };

/** One boundary beside the graph: state, counts, last transitions, its review and what this role may do. */
export function BoundaryPanel({ id, now, poll, canForceOpen, canDecide }: Props) {
  const { data, error } = useQuery({
    queryKey: graphKeys.boundary(id),
    queryFn: ({ signal }) => fetchJson<{ boundary: BoundarySummary }>(`/api/v1/graph/boundaries/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: poll,
  });
  if (error) return <p className="form-error" role="alert">Could not load the boundary: {error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const b = data.boundary;
  const left = cooldownLeftS(b.pendingReview?.cooldownEndsAt ?? b.cooldownEndsAt, now);
  return (
    <>
      <h2 id="panel-title">{b.sender} → {b.receiver}</h2>
      <dl className="pairs">
        <dt>State</dt><dd><span className={`pill pill-${b.state}`} data-testid="panel-state">{b.state}</span> epoch {b.epoch}</dd>
        <dt>Failures</dt><dd>{b.failureCount} · anomaly rate {(b.anomalyRate * 100).toFixed(1)} %</dd>
        <dt>Messages</dt><dd>{b.messages.total} in the last {b.messages.sinceMinutes} min, {b.messages.rejected} rejected</dd>
        <dt>Last hour</dt><dd><BoundarySparkline id={b.id} /></dd>
        {b.trippedAt && <><dt>Tripped</dt><dd><Timestamp value={b.trippedAt} /></dd></>}
        {left !== null && <><dt>Cooldown</dt><dd>{formatDuration(left)} left</dd></>}
      </dl>
      <div className="row actions">
        {b.pendingReview && (
          <Link className="btn btn-primary btn-small" href={`/reviews#${b.pendingReview.id}`}>{canDecide ? "Decide the review" : "View the review"}</Link>
        )}
        <Link className="btn btn-small" href={`/boundaries/${encodeURIComponent(b.id)}`}>Boundary page</Link>
        {canForceOpen && b.state !== "OPEN" && <ForceOpenForm key={b.id} boundaryId={b.id} />}
      </div>
      {b.incidents.length > 0 && (
        <>
          <h3>Incidents</h3>
          <ul className="compact">{b.incidents.map((i) => <li key={i.id}><span className="tag tag-incident">{i.type.replace("_", " ")}</span> {i.detail}</li>)}</ul>
        </>
      )}
      <h3>Last transitions</h3>
      {b.transitions.length === 0 ? <p className="muted">None reported.</p> : (
        <table className="table compact-table">
          <thead><tr><th>When</th><th>Change</th><th>Reason</th></tr></thead>
          <tbody>
            {b.transitions.map((t) => (
              <tr key={`${t.seq}-${t.time}`} className={t.applied ? undefined : "muted"} title={t.applied ? undefined : "older or repeated seq: stored, not applied"}>
                <td><Timestamp value={t.time} /></td><td>{t.from} → {t.to}</td><td>{t.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
