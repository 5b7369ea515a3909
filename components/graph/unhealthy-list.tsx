"use client";

import { useMemo } from "react";
import { cooldownLeftS, formatDuration, unhealthyBoundaries, type TGraphBoundary } from "@/lib/domain/graph.ts";
import type { Selection } from "./graph-canvas";

const SHOWN = 200; // a long list helps nobody; the graph's filter narrows it further
const INCIDENT_TEXT = { gate_bypass: "gate bypass", unreported_trip: "unreported trip" } as const;

/** The unhealthy boundaries as text, worst first, updating live: for keyboard and screen-reader users, and for tests. */
export function UnhealthyList({ boundaries, now, selected, onSelect }: { boundaries: TGraphBoundary[]; now: number | null; selected: Selection; onSelect: (s: Selection) => void }) {
  const rows = useMemo(() => unhealthyBoundaries(boundaries), [boundaries]);
  return (
    <section className="unhealthy" aria-labelledby="unhealthy-title" data-testid="unhealthy-list">
      <h2 id="unhealthy-title">Unhealthy boundaries</h2>
      <p className="muted" aria-live="polite" data-testid="unhealthy-count">
        {rows.length === 0 ? "All boundaries are CLOSED with nothing pending." : `${rows.length} need attention.`}
      </p>
      <ul className="unhealthy-rows">
        {rows.slice(0, SHOWN).map((b) => {
          const left = cooldownLeftS(b.cooldownEndsAt, now);
          return (
            <li key={b.id} data-boundary-id={b.id} data-state={b.state} aria-current={selected?.id === b.id ? "true" : undefined}>
              <button type="button" className="linklike" onClick={() => onSelect({ kind: "boundary", id: b.id })}>
                {b.sender} → {b.receiver}
              </button>{" "}
              <span className={`pill pill-${b.state}`}>{b.state}</span>
              {b.pendingReviewId && <span className="tag tag-review">review pending</span>}
              {left !== null && <span className="tag">cooldown {formatDuration(left)}</span>}
              {b.incidents.map((i) => (
                <span key={i} className="tag tag-incident">{INCIDENT_TEXT[i]}</span>
              ))}
            </li>
          );
        })}
      </ul>
      {rows.length > SHOWN && <p className="muted">…and {rows.length - SHOWN} more: filter the graph to narrow them.</p>}
    </section>
  );
}
