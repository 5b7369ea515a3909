import { withRole } from "@/lib/server/auth/with-role.ts";
import { findIncidents } from "@/lib/server/incidents/find-incidents.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents?boundaryId= — what the server noticed, newest first.
export const GET = withRole("dashboard.view", async (request) => {
  const boundaryId = new URL(request.url).searchParams.get("boundaryId") ?? undefined;
  return Response.json({ incidents: await findIncidents({ boundaryId }) });
});
