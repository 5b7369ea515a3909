import "server-only";
import { TEST_KIND } from "../../domain/webhooks.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { assertCan, auditActor, type Person } from "../person.ts";
import { webhookSettings } from "./webhook-settings.ts";

/** Queues a `webhook.test` event to one subscription ("send test event"), audited; the worker sends it at once. */
export async function sendTestEvent(opts: { id: string; user: Person; now?: Date }): Promise<{ deliveryId: string; eventId: string }> {
  assertCan(opts.user, "webhook.manage");
  const now = opts.now ?? new Date();
  const deliveryId = newId("dlv");
  const eventId = newId("msg");
  await transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: opts.id } });
    if (!hook) throw new AppError("not_found", `no webhook ${opts.id}`);
    if (!hook.enabled) throw new AppError("conflict", `webhook ${opts.id} is disabled: enable it first`);
    const payload = JSON.stringify({ message: "A test event from Firebreak: this subscription works.", sentBy: auditActor(opts.user) });
    await tx.webhookDelivery.create({
      data: { id: deliveryId, webhookId: hook.id, eventId, kind: TEST_KIND, payload, status: "pending", nextAttemptAt: now, retryUntil: new Date(now.getTime() + webhookSettings().retryForMs) },
    });
    await appendAudit(tx, { actor: auditActor(opts.user), action: "webhook.test_sent", subject: `webhook:${hook.id}`, after: { deliveryId, eventId } });
  });
  return { deliveryId, eventId };
}

/** Sends a delivery again (manual redelivery), with the same webhook-id and a fresh retry window; audited. */
export async function redeliver(opts: { webhookId: string; deliveryId: string; user: Person; now?: Date }): Promise<void> {
  assertCan(opts.user, "webhook.manage");
  const now = opts.now ?? new Date();
  await transaction(async (tx) => {
    const d = await tx.webhookDelivery.findUnique({ where: { id: opts.deliveryId } });
    if (!d || d.webhookId !== opts.webhookId) throw new AppError("not_found", `no delivery ${opts.deliveryId} of webhook ${opts.webhookId}`);
    await tx.webhookDelivery.update({
      where: { id: d.id },
      data: { status: "pending", nextAttemptAt: now, retryUntil: new Date(now.getTime() + webhookSettings().retryForMs), deliveredAt: null },
    });
    await appendAudit(tx, { actor: auditActor(opts.user), action: "webhook.redelivered", subject: `webhook:${d.webhookId}`, before: { deliveryId: d.id, status: d.status }, after: { status: "pending" } });
  });
}
