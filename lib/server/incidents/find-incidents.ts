import "server-only";
import type { TIncidentQuery } from "../../domain/incident-status.ts";
import { nameRefs } from "../audit/name-refs.ts";
import { getDb } from "../db/client.ts";
import { createdCursor, DEFAULT_PAGE, inRange, olderThan, toPage } from "../db/page.ts";
import type { Prisma } from "../generated/prisma/client.ts";

import type { IncidentsPage, IncidentView } from "../../domain/views.ts";

export type { IncidentsPage, IncidentView };



/** Incidents matching the filters, newest first, a page at a time; `q` finds words in the detail or an id. */
export async function findIncidents(query: Partial<TIncidentQuery> & { id?: string } = {}): Promise<IncidentsPage> {
  const db = getDb();
  const limit = query.limit ?? DEFAULT_PAGE;
  const where: Prisma.IncidentWhereInput = {
    AND: [
      query.id ? { id: query.id } : {},
      query.boundary ? { boundaryId: query.boundary } : {},
      query.type ? { type: query.type } : {},
      query.status ? { status: query.status } : {},
      query.q ? { OR: [{ detail: { contains: query.q } }, { id: query.q }] } : {},
      query.from || query.to ? { createdAt: inRange(query) } : {},
      olderThan(query.cursor),
    ],
  };
  const rows = await db.incident.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit + 1 });
  const page = toPage(rows, limit, createdCursor);
  const ids = [...new Set(page.rows.flatMap((r) => (r.boundaryId ? [r.boundaryId] : [])))];
  const [boundaries, people] = await Promise.all([
    db.boundary.findMany({ where: { id: { in: ids } }, select: { id: true, sender: true, receiver: true } }),
    nameRefs(page.rows.flatMap((r) => (r.statusChangedBy ? [r.statusChangedBy] : []))),
  ]);
  const byId = new Map(boundaries.map((b) => [b.id, b]));
  return {
    incidents: page.rows.map((r) => ({
      id: r.id, type: r.type, boundaryId: r.boundaryId,
      sender: (r.boundaryId && byId.get(r.boundaryId)?.sender) || null,
      receiver: (r.boundaryId && byId.get(r.boundaryId)?.receiver) || null,
      createdAt: r.createdAt.toISOString(), detail: r.detail,
      status: r.status, statusComment: r.statusComment, statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
      statusChangedBy: r.statusChangedBy ? (people.get(r.statusChangedBy)?.label ?? r.statusChangedBy) : null,
    })),
    nextCursor: page.nextCursor,
  };
}
