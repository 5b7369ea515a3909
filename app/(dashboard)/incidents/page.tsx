import { IncidentTable } from "@/components/incidents/incident-table";
import { FilterForm } from "@/components/lists/filter-form";
import { ExportLinks, Pager, setFilters } from "@/components/lists/pager";
import { INCIDENT_STATUSES, INCIDENT_TYPES, ZIncidentQuery } from "@/lib/domain/incident-status.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { findBoundaries } from "@/lib/server/boundaries/find-boundaries.ts";
import { readList } from "@/lib/server/http/list-params.ts";
import { findIncidents } from "@/lib/server/incidents/find-incidents.ts";

export const dynamic = "force-dynamic";

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v.replaceAll("_", " ") }));

/** What the server noticed that agents did not report truthfully: filters, status, paging and export. */
export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { allowed } = await requirePageUser("incident.update");
  const [boundaries, { raw, page, problems }] = await Promise.all([findBoundaries(), readList(await searchParams, ZIncidentQuery, findIncidents)]);
  const { cursor, format: _format, ...filters } = raw;
  return (
    <section>
      <h1>Incidents</h1>
      <FilterForm
        path="/incidents"
        label="Filter incidents"
        values={filters}
        fields={[
          { name: "q", label: "Search", kind: "text", placeholder: "words in the detail, or an id" },
          { name: "status", label: "Status", kind: "select", options: options(INCIDENT_STATUSES) },
          { name: "type", label: "Type", kind: "select", options: options(INCIDENT_TYPES) },
          { name: "boundary", label: "Boundary", kind: "select", options: boundaries.map((b) => ({ value: b.id, label: `${b.sender} → ${b.receiver}` })) },
        ]}
      />
      {problems.length > 0 && <ul role="alert" className="form-error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <ExportLinks api="/api/v1/incidents" filters={filters} what="incidents" />
      <IncidentTable
        initial={page ?? { incidents: [], nextCursor: null }}
        params={new URLSearchParams(setFilters({ ...filters, cursor })).toString()}
        canUpdate={allowed}
      />
      <Pager path="/incidents" filters={filters} cursor={cursor} nextCursor={page?.nextCursor ?? null} older="Older incidents" />
    </section>
  );
}
