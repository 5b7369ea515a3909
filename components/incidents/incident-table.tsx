"use client";

import { Timestamp } from "@/components/layout/time-ago";
import Link from "next/link";
import type { IncidentView } from "@/lib/domain/views.ts";
import { incidentKeys } from "../live/query-keys";
import { useLiveJson } from "../live/use-live-json";

/** Incidents newest first, live. */
export function IncidentTable({ initial }: { initial: IncidentView[] }) {
  const incidents = useLiveJson(incidentKeys.list(), "/api/v1/incidents", { incidents: initial }).data.incidents;
  if (incidents.length === 0) return <p className="empty">No incidents. Agents have reported truthfully so far.</p>;
  return (
    <table className="table">
      <thead><tr><th>When</th><th>Type</th><th>Boundary</th><th>Detail</th></tr></thead>
      <tbody>
        {incidents.map((i) => (
          <tr key={i.id}>
            <td><Timestamp value={i.createdAt} /></td>
            <td><span className="pill pill-OPEN">{i.type}</span></td>
            <td>{i.boundaryId ? <Link href={`/boundaries/${i.boundaryId}`}>{i.sender} → {i.receiver}</Link> : "—"}</td>
            <td>{i.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
