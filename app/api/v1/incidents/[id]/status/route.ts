import { ZIncidentStatusBody } from "@/lib/domain/incident-status.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { setIncidentStatus } from "@/lib/server/incidents/set-incident-status.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/incidents/{id}/status {"status":"acknowledged"|"resolved","comment"} — move an incident forward (security, admin).
export const POST = withRole<{ id: string }>("incident.update", async (request, { params, user }) => {
  const { id } = await params;
  const body = ZIncidentStatusBody.parse(await request.json());
  return Response.json({ incident: await setIncidentStatus({ id, user, ...body }) });
});
