import { deliverDue } from "./deliver-due.ts";
import { fanOutEvents } from "./fan-out-events.ts";
import { webhookSettings } from "./webhook-settings.ts";

const holder = (globalThis as Record<string, unknown>) as { __firebreakWebhookWorker?: NodeJS.Timeout };

/** One pass: outbox → deliveries, then send what is due. */
export async function runWebhookPass(now = new Date()): Promise<void> {
  const s = webhookSettings();
  await fanOutEvents({ now, retryForMs: s.retryForMs });
  await deliverDue({ now });
}

/** Starts the delivery worker of this process (once): a pass every FIREBREAK_WEBHOOK_POLL_MS, never overlapping. */
export function startWebhookWorker(): void {
  if (holder.__firebreakWebhookWorker) return;
  let running = false;
  holder.__firebreakWebhookWorker = setInterval(() => {
    if (running) return;
    running = true;
    runWebhookPass()
      .catch((err) => console.error("webhook delivery pass failed", err))
      .finally(() => (running = false));
  }, webhookSettings().pollMs);
  holder.__firebreakWebhookWorker.unref();
}
