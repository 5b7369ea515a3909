import type { Evidence } from "@/lib/server/reviews/gather-evidence.ts";

/** A trip's evidence: why it tripped, the rejected messages, their origins and the blast-radius preview. */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  const { trip, forcedBy } = evidence;
  return (
    <div className="evidence">
      {trip && (
        <p>
          Tripped <strong>{trip.from} → {trip.to}</strong> ({trip.reason}) at <time dateTime={trip.time}>{trip.time.slice(0, 19).replace("T", " ")}</time>:
          {" "}{trip.failureCount} failures, anomaly rate {(evidence.anomalyRate * 100).toFixed(0)} %.
        </p>
      )}
      {forcedBy && <p>Forced open by <strong>{forcedBy.actor}</strong>: {forcedBy.reason}</p>}
      {evidence.flapping && <p className="warn">Flapping: three trips within an hour; two different people must approve.</p>}
      <div className="evidence-grid">
        <div>
          <h4>Blast radius ({evidence.blastRadius.length})</h4>
          {evidence.blastRadius.length === 0 ? <p className="muted">No agents downstream.</p> : (
            <ul data-testid="blast-radius">
              {evidence.blastRadius.map((a) => <li key={a.agentId}><code>{a.agentId}</code> <span className="muted">{a.depth} hop{a.depth > 1 ? "s" : ""}</span></li>)}
            </ul>
          )}
        </div>
        <div>
          <h4>Rejected messages ({evidence.rejectedMessages.length})</h4>
          {evidence.rejectedMessages.length === 0 ? <p className="muted">None reported.</p> : (
            <ul>
              {evidence.rejectedMessages.slice(0, 10).map((m) => (
                <li key={m.messageId}><code>{m.messageId}</code> <span className="muted">{m.reasons.join(", ") || "no reason"} · score {m.anomalyScore.toFixed(2)}</span></li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h4>Provenance roots ({evidence.provenanceRoots.length})</h4>
          {evidence.provenanceRoots.length === 0 ? <p className="muted">None known.</p> : (
            <ul>
              {evidence.provenanceRoots.slice(0, 10).map((r) => <li key={r.id}><code>{r.id}</code> <span className="muted">{r.kind ?? "unreported"}{r.agentId ? ` by ${r.agentId}` : ""}</span></li>)}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
