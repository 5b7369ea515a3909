import { IncidentTable } from "@/components/incidents/incident-table";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { findIncidents } from "@/lib/server/incidents/find-incidents.ts";

export const dynamic = "force-dynamic";

/** What the server noticed that agents did not report truthfully, or that needs attention. */
export default async function IncidentsPage() {
  await requirePageUser();
  const incidents = await findIncidents();
  return (
    <section>
      <h1>Incidents</h1>
      <IncidentTable initial={incidents} />
    </section>
  );
}
