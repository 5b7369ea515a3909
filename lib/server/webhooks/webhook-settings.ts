import "server-only";
import { config } from "../config/config.ts";

/** Webhook delivery settings from the configuration (defaults in docs/notifications.md). */
export function webhookSettings() {
  const c = config();
  return {
    backoff: { baseMs: c.FIREBREAK_WEBHOOK_BACKOFF_MS, maxMs: c.FIREBREAK_WEBHOOK_BACKOFF_MAX_MS },
    /** A delivery is retried this long after it was queued, then given up. */
    retryForMs: c.FIREBREAK_WEBHOOK_RETRY_FOR_S * 1000,
    /** A subscription whose deliveries fail this long without a success is disabled. */
    disableAfterMs: c.FIREBREAK_WEBHOOK_DISABLE_AFTER_S * 1000,
    pollMs: c.FIREBREAK_WEBHOOK_POLL_MS,
    timeoutMs: c.FIREBREAK_WEBHOOK_TIMEOUT_MS,
  };
}

/** The address people reach Firebreak at, for links in messages. */
export const publicBaseUrl = () => config().FIREBREAK_PUBLIC_URL ?? config().NEXTAUTH_URL ?? "http://localhost:3000";
