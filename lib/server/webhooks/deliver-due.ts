import "server-only";
import { Webhook as Signer } from "standardwebhooks";
import { webhookBody } from "../../domain/webhook-message.ts";
import type { TWebhookFormat } from "../../domain/webhooks.ts";
import { getDb } from "../db/client.ts";
import { countWebhookDelivery } from "../metrics/app-metrics.ts";
import { postWebhook } from "./post-webhook.ts";
import { recordAttempt } from "./record-attempt.ts";
import { publicBaseUrl, webhookSettings } from "./webhook-settings.ts";

/**
 * Sends the deliveries that are due, a few at a time. Each is claimed first by moving its next attempt past
 * the request's timeout (a conditional update, so one replica sends it): a crash mid-send means a retry,
 * never a loss. Receivers dedupe on `webhook-id`, which every attempt of one event carries.
 */
export async function deliverDue(opts: { now?: Date; take?: number } = {}): Promise<number> {
  const s = webhookSettings();
  const now = opts.now ?? new Date();
  const db = getDb();
  const hooks = new Map((await db.webhook.findMany({ where: { enabled: true } })).map((h) => [h.id, h]));
  if (hooks.size === 0) return 0;
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, webhookId: { in: [...hooks.keys()] } },
    orderBy: { nextAttemptAt: "asc" }, take: opts.take ?? 20,
  });
  const claimed = [];
  for (const d of due) {
    const won = await db.webhookDelivery.updateMany({
      where: { id: d.id, status: "pending", attempts: d.attempts },
      data: { attempts: d.attempts + 1, nextAttemptAt: new Date(now.getTime() + s.timeoutMs + 5_000) },
    });
    if (won.count === 1) claimed.push({ ...d, attempts: d.attempts + 1 });
  }
  await Promise.all(claimed.map(async (d) => {
    const hook = hooks.get(d.webhookId)!;
    const sentAt = new Date();
    const body = webhookBody({ kind: d.kind, data: JSON.parse(d.payload), format: hook.format as TWebhookFormat, timestamp: sentAt, baseUrl: publicBaseUrl() });
    const signature = new Signer(hook.secret).sign(d.eventId, sentAt, body);
    const headers = { "webhook-id": d.eventId, "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "webhook-signature": signature };
    const result = await postWebhook({ url: hook.url, body, headers, timeoutMs: s.timeoutMs });
    const outcome = await recordAttempt({ delivery: d, result, now: opts.now ?? new Date(), backoff: s.backoff, disableAfterMs: s.disableAfterMs });
    countWebhookDelivery(outcome);
  }));
  return claimed.length;
}
