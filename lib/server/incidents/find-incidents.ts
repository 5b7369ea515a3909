import "server-only";
import { getDb } from "../db/client.ts";
import type { IncidentView } from "../../domain/views.ts";

export type { IncidentView };

/** Incidents newest first, optionally of one boundary. */
export async function findIncidents(opts: { boundaryId?: string; type?: string; take?: number } = {}): Promise<IncidentView[]> {
  const db = getDb();
  const rows = await db.incident.findMany({
    where: { ...(opts.boundaryId ? { boundaryId: opts.boundaryId } : {}), ...(opts.type ? { type: opts.type } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(opts.take ?? 200, 1_000),
  });
  const ids = [...new Set(rows.flatMap((r) => (r.boundaryId ? [r.boundaryId] : [])))];
  const boundaries = await db.boundary.findMany({ where: { id: { in: ids } }, select: { id: true, sender: true, receiver: true } });
  const byId = new Map(boundaries.map((b) => [b.id, b]));
  return rows.map((r) => ({
    id: r.id, type: r.type, boundaryId: r.boundaryId,
    sender: (r.boundaryId && byId.get(r.boundaryId)?.sender) || null,
    receiver: (r.boundaryId && byId.get(r.boundaryId)?.receiver) || null,
    createdAt: r.createdAt.toISOString(), detail: r.detail,
  }));
}
