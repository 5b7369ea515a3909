import Link from "next/link";
import { Timestamp } from "@/components/layout/time-ago";
import { ProvenanceLink } from "@/components/provenance/provenance-link";
import type { TEventSummary } from "@/lib/domain/event-query.ts";

/** Events as a table (cards on a phone): each row links to its detail, its boundary and its provenance. */
export function EventsTable({ events, boundaryLabel }: { events: TEventSummary[]; boundaryLabel: (id: string) => string }) {
  return (
    <div className="table-scroll">
      <table className="table cards" aria-label="Events">
        <thead>
          <tr><th>#</th><th>Type</th><th>Reported by</th><th>Boundary</th><th>Outcome</th><th>About</th><th>Event time</th><th>Received</th></tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} data-testid={`event-${e.seq}`}>
              <td data-label="#"><Link href={`/events/${e.seq}`} aria-label={`Event ${e.seq}: ${e.id}`}>{e.seq}</Link></td>
              <td data-label="Type"><code>{e.type.replace("firebreak.", "")}</code></td>
              <td data-label="Reported by"><code>{e.source}</code></td>
              <td data-label="Boundary">{e.boundaryId ? <Link href={`/boundaries/${e.boundaryId}`}>{boundaryLabel(e.boundaryId)}</Link> : <span className="muted">—</span>}</td>
              <td data-label="Outcome">{e.outcome ? <span className={`pill pill-${e.outcome}`}>{e.outcome}</span> : <span className="muted">—</span>}</td>
              <td data-label="About">{e.subjectId ? <ProvenanceLink id={e.subjectId} /> : <span className="muted">—</span>}</td>
              <td data-label="Event time"><Timestamp value={e.time} /></td>
              <td data-label="Received"><Timestamp value={e.receivedAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
