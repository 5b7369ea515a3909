import "server-only";
import { canMoveIncident, needsComment, type TIncidentStatus } from "../../domain/incident-status.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { nameRefs } from "../audit/name-refs.ts";
import { transaction } from "../db/transaction.ts";
import { publish } from "../bus.ts";
import { AppError } from "../errors.ts";
import { assertCan, auditActor, requireText, type Person } from "../person.ts";
import { findIncidents, type IncidentView } from "./find-incidents.ts";

export type SetIncidentStatusOptions = { id: string; user: Person; status: TIncidentStatus; comment?: string; now?: Date };

/**
 * Moves an incident forward (open → acknowledged → resolved) with the person's comment, and audits it.
 * A move backwards or to where it already is — a stale page, or someone else first — is a conflict that
 * says who changed it and when. The update is conditional on the status read, so two people at once get
 * one change and one conflict.
 */
export async function setIncidentStatus(opts: SetIncidentStatusOptions): Promise<IncidentView> {
  assertCan(opts.user, "incident.update");
  const comment = needsComment(opts.status) ? requireText(opts.comment, "comment") : (opts.comment ?? "").trim().slice(0, 2000);
  const now = opts.now ?? new Date();
  const boundaryId = await transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: opts.id } });
    if (!incident) throw new AppError("not_found", `no incident ${opts.id}`);
    if (!canMoveIncident(incident.status, opts.status)) throw new AppError("conflict", await alreadyThere(incident));
    const won = await tx.incident.updateMany({
      where: { id: incident.id, status: incident.status },
      data: { status: opts.status, statusComment: comment || null, statusChangedBy: auditActor(opts.user), statusChangedAt: now },
    });
    if (won.count === 0) throw new AppError("conflict", "someone else changed this incident at the same moment; reload to see who");
    await appendAudit(tx, {
      actor: auditActor(opts.user), action: `incident.${opts.status}`, subject: `incident:${incident.id}`,
      before: { status: incident.status }, after: { status: opts.status, ...(comment ? { comment } : {}) },
    });
    return incident.boundaryId;
  });
  publish({ type: "incident.updated", incidentId: opts.id, boundaryId });
  const { incidents } = await findIncidents({ id: opts.id, limit: 1 });
  return incidents[0];
}

// The conflict's words: where the incident is now, who put it there and when.
async function alreadyThere(incident: { status: string; statusChangedBy: string | null; statusChangedAt: Date | null }): Promise<string> {
  if (!incident.statusChangedBy || !incident.statusChangedAt) return `this incident is ${incident.status}`;
  const who = (await nameRefs([incident.statusChangedBy])).get(incident.statusChangedBy)?.label ?? incident.statusChangedBy;
  return `this incident was already ${incident.status} by ${who} at ${incident.statusChangedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
