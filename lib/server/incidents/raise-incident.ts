import type { TIncidentType } from "../../domain/incident-status.ts";
import type { BusMessage } from "../bus.ts";
import { appendAudit } from "../audit/append-audit.ts";
import type { Tx } from "../db/tx.ts";
import { newId } from "../ids.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";

/** The kinds of incident the server raises (see docs/breaker-mirror.md). */
export type IncidentType = TIncidentType;

export type RaiseIncidentOptions = { type: IncidentType; boundaryId: string | null; detail: string; changes: BusMessage[] };

/** Records an incident and its audit entry inside the caller's transaction; notes it for the live stream. */
export async function raiseIncident(tx: Tx, opts: RaiseIncidentOptions): Promise<string> {
  const id = newId("inc");
  await tx.incident.create({ data: { id, type: opts.type, boundaryId: opts.boundaryId, detail: opts.detail } });
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
