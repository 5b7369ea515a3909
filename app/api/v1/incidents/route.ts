import { ZIncidentQuery } from "@/lib/domain/incident-status.ts";
import { ZTimeIdCursor } from "@/lib/domain/list-query.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { collectPages } from "@/lib/server/db/page.ts";
import { exportResponse, MAX_EXPORT_ROWS } from "@/lib/server/http/export.ts";
import { findIncidents } from "@/lib/server/incidents/find-incidents.ts";
import { INCIDENT_COLUMNS } from "@/lib/server/incidents/incident-columns.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents?status=&type=&boundary=&q=&from=&to=&cursor=&limit=&format=csv|json — what the server noticed, newest first.
export const GET = withRole("dashboard.view", async (request) => {
  const query = ZIncidentQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.format) return Response.json(await findIncidents(query));
  const rows = await collectPages(async (cursor) => {
    const page = await findIncidents({ ...query, limit: 500, cursor: cursor ? ZTimeIdCursor.parse(cursor) : query.cursor });
    return { rows: page.incidents, nextCursor: page.nextCursor };
  }, MAX_EXPORT_ROWS);
  return exportResponse({ format: query.format, name: "incidents", rows, columns: INCIDENT_COLUMNS });
});
