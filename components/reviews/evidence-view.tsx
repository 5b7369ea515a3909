import { Timestamp } from "@/components/layout/time-ago";
import { ProvenanceLink } from "@/components/provenance/provenance-link";
import type { Evidence } from "@/lib/domain/views.ts";

/** A trip's evidence: why it tripped, the rejected messages, their origins and the blast-radius preview. */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  const { trip, forcedBy } = evidence;
  return (
    <div className="evidence">
      {trip && (
        <p>
          Tripped <strong>{trip.from} → {trip.to}</strong> ({trip.reason}) at <Timestamp value={trip.time} />:
          {" "}{trip.failureCount} failures, anomaly rate {(evidence.anomalyRate * 100).toFixed(0)} %.
        </p>
      )}
      {forcedBy && <p>Forced open by <strong>{forcedBy.actor}</strong>: {forcedBy.reason}</p>}
      {evidence.flapping && <p className="warn">Flapping: three trips within an hour; two different people must approve.</p>}
      <div className="evidence-grid">
        <EvidenceList title="Blast radius" empty="No agents downstream." testId="blast-radius"
          items={evidence.blastRadius.map((a) => ({ id: a.agentId, note: `${a.depth} hop${a.depth > 1 ? "s" : ""}` }))} />
        <EvidenceList title="Rejected messages" empty="None reported." linked
          items={evidence.rejectedMessages.map((m) => ({ id: m.messageId, note: `${m.reasons.join(", ") || "no reason"} · score ${m.anomalyScore.toFixed(2)}` }))} />
        <EvidenceList title="Provenance roots" empty="None known." linked
          items={evidence.provenanceRoots.map((r) => ({ id: r.id, note: `${r.kind ?? "unreported"}${r.agentId ? ` by ${r.agentId}` : ""}` }))} />
      </div>
    </div>
  );
}

/** One column of evidence: a count, then the first ten items (id and a note); message and record ids link to their provenance. */
function EvidenceList({ title, empty, items, testId, linked }: { title: string; empty: string; items: { id: string; note: string }[]; testId?: string; linked?: boolean }) {
  return (
    <div>
      <h4>{title} ({items.length})</h4>
      {items.length === 0 ? <p className="muted">{empty}</p> : (
        <ul data-testid={testId}>
          {items.slice(0, 10).map((i) => <li key={i.id}>{linked ? <ProvenanceLink id={i.id} /> : <code>{i.id}</code>} <span className="muted">{i.note}</span></li>)}
        </ul>
      )}
    </div>
  );
}
