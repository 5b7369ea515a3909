import "server-only";
import type { TIncidentType } from "../../domain/incident-status.ts";
import type { BusMessage } from "../bus.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { insertRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import { newId } from "../ids.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";

/** The kinds of incident the server raises (see docs/breaker-mirror.md). */
export type IncidentType = TIncidentType;

export type RaiseIncidentOptions = {
  type: IncidentType;
  boundaryId: string | null;
  detail: string;
  changes: BusMessage[];
  /** Once-only: when an incident with this key exists (another process found the same thing), nothing is raised. */
  onceKey?: string;
};

/**
 * Records an incident and its audit entry inside the caller's transaction; notes it for the live stream.
 * With a onceKey the database decides who raises it (a unique key, the insert skipped on conflict): the id,
 * or null when it was raised already.
 */
export async function raiseIncident(tx: Tx, opts: RaiseIncidentOptions): Promise<string | null> {
  const id = newId("inc");
  if (opts.onceKey === undefined) {
    await tx.incident.create({ data: { id, type: opts.type, boundaryId: opts.boundaryId, detail: opts.detail } });
  } else {
    const inserted = await insertRows(tx, "Incident", ["id", "type", "boundaryId", "detail", "createdAt", "onceKey"],
      [[id, opts.type, opts.boundaryId, opts.detail, new Date(), opts.onceKey]], { ignoreConflicts: true, returning: ["id"] });
    if (inserted.length === 0) return null;
  }
  await appendAudit(tx, {
    actor: "firebreak",
    action: `incident.${opts.type}`,
    subject: opts.boundaryId ? `boundary:${opts.boundaryId}` : `incident:${id}`,
    after: { incidentId: id, detail: opts.detail },
  });
  await emitWebhookEvent(tx, "incident.opened", { incidentId: id, type: opts.type, boundaryId: opts.boundaryId, detail: opts.detail });
  opts.changes.push({ type: "incident.created", incidentId: id, boundaryId: opts.boundaryId });
  return id;
}
