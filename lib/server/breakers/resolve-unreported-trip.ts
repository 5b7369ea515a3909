import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";

export type ResolveUnreportedTripOptions = {
  /** The boundary as the mirror had it before the report: CLOSED since updatedAt (its stretch). */
  boundary: { id: string; receiver: string; updatedAt: Date };
  report: { seq: number };
  now: Date;
  changes: BusMessage[];
};

/**
 * The receiver's report of CLOSED → OPEN, however late, is the trip the replay suspected: the stretch's
 * unreported_trip incident (one per stretch of CLOSED, raised since updatedAt) is resolved by the server,
 * audited and announced, instead of staying open beside the trip's own review (docs/breaker-mirror.md).
 */
export async function resolveUnreportedTrip(tx: Tx, opts: ResolveUnreportedTripOptions): Promise<void> {
  const { boundary, changes } = opts;
  const open = await tx.incident.findMany({
    where: { boundaryId: boundary.id, type: "unreported_trip", status: { not: "resolved" }, createdAt: { gte: boundary.updatedAt } },
    select: { id: true, status: true },
  });
  const comment = `${boundary.receiver} reported the trip late (seq ${opts.report.seq})`;
  for (const incident of open) {
    // Conditional on the status read: a person resolving it at the same moment makes one change, not two.
    const won = await tx.incident.updateMany({
      where: { id: incident.id, status: incident.status },
      data: { status: "resolved", statusComment: comment, statusChangedBy: "firebreak", statusChangedAt: opts.now },
    });
    if (won.count === 0) continue;
    await appendAudit(tx, {
      actor: "firebreak", action: "incident.resolved", subject: `incident:${incident.id}`,
      before: { status: incident.status }, after: { status: "resolved", comment },
    });
    changes.push({ type: "incident.updated", incidentId: incident.id, boundaryId: boundary.id });
  }
}
