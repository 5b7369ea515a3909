import "server-only";
import type { TWebhookKind } from "../../domain/webhooks.ts";
import type { Tx } from "../db/tx.ts";
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
