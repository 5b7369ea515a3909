import "server-only";
import { startBackgroundLoop } from "../background-loop.ts";
import { deliverDue } from "./deliver-due.ts";
import { fanOutEvents } from "./fan-out-events.ts";
import { webhookSettings } from "./webhook-settings.ts";

/** One pass: outbox → deliveries, then send what is due. */
export async function runWebhookPass(now = new Date()): Promise<void> {
  const s = webhookSettings();
  await fanOutEvents({ now, retryForMs: s.retryForMs });
  await deliverDue({ now });
}

/** Starts the delivery worker of this process (once): a pass every FIREBREAK_WEBHOOK_POLL_MS, never overlapping. */
export function startWebhookWorker(): void {
  startBackgroundLoop("webhook delivery pass", webhookSettings().pollMs, () => runWebhookPass());
}
