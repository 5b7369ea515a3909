import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/** Every subscription, newest first (no secrets). */
export async function findWebhooks(): Promise<WebhookView[]> {
  const rows = await getDb().webhook.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(toWebhookView);
}

export type DeliveryView = {
  id: string; eventId: string; kind: string; status: string; attempts: number; nextAttemptAt: string | null; lastAttemptAt: string | null;
  lastStatusCode: number | null; lastLatencyMs: number | null; lastError: string | null; createdAt: string; deliveredAt: string | null;
};

/** A subscription's deliveries, newest first: status, response code, latency, attempts. */
export async function findDeliveries(opts: { webhookId: string; take?: number }): Promise<DeliveryView[]> {
  const db = getDb();
  if (!(await db.webhook.findUnique({ where: { id: opts.webhookId }, select: { id: true } }))) throw new AppError("not_found", `no webhook ${opts.webhookId}`);
  const rows = await db.webhookDelivery.findMany({ where: { webhookId: opts.webhookId }, orderBy: { createdAt: "desc" }, take: Math.min(opts.take ?? 100, 500) });
  return rows.map((r) => ({
    id: r.id, eventId: r.eventId, kind: r.kind, status: r.status, attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? r.nextAttemptAt.toISOString() : null, lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: r.lastStatusCode, lastLatencyMs: r.lastLatencyMs, lastError: r.lastError,
    createdAt: r.createdAt.toISOString(), deliveredAt: r.deliveredAt?.toISOString() ?? null,
  }));
}
