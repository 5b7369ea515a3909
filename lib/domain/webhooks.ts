import { z } from "zod";

/** The event kinds a webhook subscription can ask for (see docs/notifications.md). */
export const WEBHOOK_KINDS = [
  "review.opened",
  "review.decided",
  "review.expired",
  "boundary.tripped",
  "boundary.closed",
  "incident.opened",
  "policy.published",
  "audit.anchored",
  "agent.suspended",
  "key.revoked",
] as const;
export type TWebhookKind = (typeof WEBHOOK_KINDS)[number];

/** The kind of the event a "send test event" button posts; every subscription receives it. */
export const TEST_KIND = "webhook.test";

export const WEBHOOK_FORMATS = ["standard", "slack"] as const;
export type TWebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export type BackoffSettings = { baseMs: number; maxMs: number };

/**
 * The wait before retry number `attempt` (1 = the first retry): exponential from `baseMs`, capped at `maxMs`,
 * with full jitter (`random` in [0, 1)) so many failing deliveries do not retry in step.
 */
export function backoffMs(attempt: number, s: BackoffSettings, random: number): number {
  const ceiling = Math.min(s.maxMs, s.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Whether a response status acknowledges a delivery (2xx only; a redirect is not followed and not a success). */
export const isAcknowledged = (status: number) => status >= 200 && status < 300;

/** The body of POST /api/v1/webhooks. */
export const ZWebhookCreate = z.object({
  url: z.string().min(1).max(2000),
  kinds: z.array(z.enum(WEBHOOK_KINDS)).min(1),
  format: z.enum(WEBHOOK_FORMATS).default("standard"),
}).strict();

/** The body of POST /api/v1/webhooks/{id}: change, disable / enable, or rotate the secret. */
export const ZWebhookChange = z.object({
  url: z.string().min(1).max(2000).optional(),
  kinds: z.array(z.enum(WEBHOOK_KINDS)).min(1).optional(),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  enabled: z.boolean().optional(),
  rotateSecret: z.literal(true).optional(),
}).strict();
