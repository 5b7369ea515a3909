import "server-only";
import type { TWebhookKind } from "../../domain/webhooks.ts";
import type { Tx } from "../db/tx.ts";
import { insertRows } from "../db/sql.ts";
import { newId } from "../ids.ts";

/**
 * Writes an event to the webhook outbox inside the caller's transaction: it is sent only if the change it
 * tells of commits, and survives a restart. One small insert; fan-out and delivery happen later in the worker.
 */
export async function emitWebhookEvent(tx: Tx, kind: TWebhookKind, data: Record<string, unknown>): Promise<void> {
  await tx.webhookEvent.create({ data: { id: newId("msg"), kind, payload: JSON.stringify(data) } });
}

/** The same, for an event about a boundary: its sender and receiver are added so a message can name them. */
export async function emitBoundaryEvent(tx: Tx, kind: TWebhookKind, data: { boundaryId: string } & Record<string, unknown>): Promise<void> {
  const b = await tx.boundary.findUnique({ where: { id: data.boundaryId }, select: { sender: true, receiver: true } });
  await emitWebhookEvent(tx, kind, { ...data, sender: b?.sender ?? null, receiver: b?.receiver ?? null });
}

/** Several events at once, in this order (a batch of trips): one multi-row insert into the outbox. */
export async function emitWebhookEvents(tx: Tx, events: { kind: TWebhookKind; data: Record<string, unknown>; at: Date }[]): Promise<void> {
  await insertRows(tx, "WebhookEvent", ["id", "kind", "payload", "createdAt"],
    events.map((e) => [newId("msg"), e.kind, JSON.stringify(e.data), e.at]));
}
