import "server-only";
import { intEnv } from "../ingest/limits.ts";

/** Webhook delivery settings from the environment (defaults in docs/notifications.md). */
export function webhookSettings() {
  return {
    backoff: { baseMs: intEnv("FIREBREAK_WEBHOOK_BACKOFF_MS", 10_000), maxMs: intEnv("FIREBREAK_WEBHOOK_BACKOFF_MAX_MS", 3_600_000) },
    /** A delivery is retried this long after it was queued, then given up. */
    retryForMs: intEnv("FIREBREAK_WEBHOOK_RETRY_FOR_S", 86_400) * 1000,
    /** A subscription whose deliveries fail this long without a success is disabled. */
    disableAfterMs: intEnv("FIREBREAK_WEBHOOK_DISABLE_AFTER_S", 86_400) * 1000,
    pollMs: intEnv("FIREBREAK_WEBHOOK_POLL_MS", 1_000),
    timeoutMs: intEnv("FIREBREAK_WEBHOOK_TIMEOUT_MS", 10_000),
  };
}

/** The address people reach Firebreak at, for links in messages. */
export const publicBaseUrl = () => process.env.FIREBREAK_PUBLIC_URL || process.env.NEXTAUTH_URL || "http://localhost:3000";
