import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import type { UnreportedTrip } from "./transition-set-state.ts";

/** An open unreported_trip incident and the late report of the trip it suspected. */
export type LateTripReport = { incident: UnreportedTrip; boundaryId: string; receiver: string; seq: number };

/**
 * The receiver's report of CLOSED → OPEN, however late, is the trip the replay suspected: the stretch's
 * unreported_trip incident (raised while the boundary stayed CLOSED) is resolved by the server, audited and
 * announced, instead of staying open beside the trip's own review (docs/breaker-mirror.md).
 */
export async function resolveUnreportedTrips(tx: Tx, late: LateTripReport[], now: Date, changes: BusMessage[]): Promise<void> {
  for (const { incident, boundaryId, receiver, seq } of late) {
    const comment = `${receiver} reported the trip late (seq ${seq})`;
    // Conditional on the status read: a person resolving it at the same moment makes one change, not two.
    const won = await tx.incident.updateMany({
      where: { id: incident.id, status: incident.status },
      data: { status: "resolved", statusComment: comment, statusChangedBy: "firebreak", statusChangedAt: now },
    });
    if (won.count === 0) continue;
    await appendAudit(tx, {
      actor: "firebreak", action: "incident.resolved", subject: `incident:${incident.id}`,
      before: { status: incident.status }, after: { status: "resolved", comment },
    });
    changes.push({ type: "incident.updated", incidentId: incident.id, boundaryId });
  }
}
