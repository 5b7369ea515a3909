import { z } from "zod";
import { int, list, oneOf, text, url } from "./variable.ts";

const hostName = z.string().regex(/^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/i);

/** Webhooks, email, metrics and the links they carry. */
export const NOTIFY_VARS = {
  FIREBREAK_PUBLIC_URL: url({ schemes: ["http", "https"], shown: "NEXTAUTH_URL", doc: "the address links in messages point to" }),
  FIREBREAK_WEBHOOK_ALLOW: list({
    entry: z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), hostName]),
    expect: "comma-separated host names, IP addresses or CIDRs",
    doc: "private or loopback targets webhooks may reach",
  }),
  FIREBREAK_WEBHOOK_BACKOFF_MS: int({ default: 10_000, min: 1, max: 86_400_000, doc: "first webhook retry delay, doubling" }),
  FIREBREAK_WEBHOOK_BACKOFF_MAX_MS: int({ default: 3_600_000, min: 1, max: 604_800_000, doc: "longest webhook retry delay" }),
  FIREBREAK_WEBHOOK_RETRY_FOR_S: int({ default: 86_400, min: 1, max: 2_592_000, doc: "how long a delivery is retried before it fails" }),
  FIREBREAK_WEBHOOK_DISABLE_AFTER_S: int({ default: 86_400, min: 1, max: 2_592_000, doc: "failing this long without a success disables a subscription" }),
  FIREBREAK_WEBHOOK_TIMEOUT_MS: int({ default: 10_000, min: 1, max: 600_000, doc: "one delivery attempt's timeout" }),
  FIREBREAK_WEBHOOK_POLL_MS: int({ default: 1_000, min: 10, max: 3_600_000, doc: "how often the webhook worker looks for work" }),
  FIREBREAK_SMTP_URL: url({ schemes: ["smtp", "smtps"], doc: "SMTP server for reviews-waiting mail; unset: no mail", secret: true }),
  FIREBREAK_SMTP_FROM: text({ default: "Firebreak <firebreak@localhost>", doc: "the sender of Firebreak's mail" }),
  FIREBREAK_EMAIL_INTERVAL_S: int({ default: 30, min: 1, max: 86_400, doc: "how often reviews-waiting mail goes out" }),
  FIREBREAK_METRICS: oneOf({ words: ["0", "1"], default: "0", shown: "off", doc: "1 serves Prometheus metrics at /metrics" }),
  FIREBREAK_METRICS_TOKEN: text({ default: undefined, doc: "bearer token /metrics requires when set" }),
  FIREBREAK_METRICS_MAX_BOUNDARIES: int({ default: 500, min: 1, max: 1_000_000, doc: "most firebreak_breaker_state series" }),
};
