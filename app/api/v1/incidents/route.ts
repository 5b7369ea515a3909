import { ZIncidentQuery } from "@/lib/domain/incident-status.ts";
import { ZTimeIdCursor } from "@/lib/domain/list-query.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { listOrExport } from "@/lib/server/http/export.ts";
import { findIncidents } from "@/lib/server/incidents/find-incidents.ts";
import { INCIDENT_COLUMNS } from "@/lib/server/incidents/incident-columns.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents?status=&type=&boundary=&q=&from=&to=&cursor=&limit=&format=csv|json — what the server noticed, newest first.
export const GET = withRole("dashboard.view", async (request) =>
  listOrExport(ZIncidentQuery.parse(Object.fromEntries(new URL(request.url).searchParams)), {
    name: "incidents", find: findIncidents, rows: (p) => p.incidents, parseCursor: (c) => ZTimeIdCursor.parse(c), columns: INCIDENT_COLUMNS,
  }));
