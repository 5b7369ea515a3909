"use client";

import Link from "next/link";
import { Timestamp } from "@/components/layout/time-ago";
import type { IncidentsPage } from "@/lib/domain/views.ts";
import { incidentKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";
import { IncidentStatusForm } from "./incident-status-form";

type Props = { initial: IncidentsPage; params: string; canUpdate: boolean };

/** One page of incidents newest first, live, each with its status and (for those allowed) the next step. */
export function IncidentTable({ initial, params, canUpdate }: Props) {
  const incidents = useLiveJson(incidentKeys.list(params), `/api/v1/incidents?${params}`, initial).data.incidents;
  if (incidents.length === 0) return <p className="empty">No incidents match. Agents have reported truthfully so far.</p>;
  return (
    <div className="table-scroll">
      <table className="table cards" aria-label="Incidents">
        <thead><tr><th>When</th><th>Type</th><th>Boundary</th><th>Detail</th><th>Status</th>{canUpdate && <th>Next step</th>}</tr></thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id} data-testid={`incident-${i.id}`}>
              <td data-label="When"><Timestamp value={i.createdAt} /></td>
              <td data-label="Type"><span className="pill pill-OPEN">{i.type}</span></td>
              <td data-label="Boundary">{i.boundaryId ? <Link href={`/boundaries/${i.boundaryId}`}>{i.sender} → {i.receiver}</Link> : "—"}</td>
              <td data-label="Detail">{i.detail}</td>
              <td data-label="Status" data-testid={`incident-status-${i.id}`}>
                <span className={`pill pill-incident-${i.status}`}>{i.status}</span>
                {i.statusChangedBy && i.statusChangedAt && (
                  <div className="muted">by {i.statusChangedBy}, <Timestamp value={i.statusChangedAt} />{i.statusComment && <>: “{i.statusComment}”</>}</div>
                )}
              </td>
              {canUpdate && <td data-label="Next step"><IncidentStatusForm id={i.id} status={i.status} /></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
