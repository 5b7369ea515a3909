import "server-only";
import type { TWebhookFormat } from "../../domain/webhooks.ts";

/** A subscription as the API shows it: never its secret. */
export type WebhookView = {
  id: string; url: string; kinds: string[]; format: TWebhookFormat; enabled: boolean; disabledReason: string | null;
  failingSince: string | null; createdBy: string; createdAt: string; updatedAt: string;
};

type Row = { id: string; url: string; kinds: string; format: string; enabled: boolean; disabledReason: string | null; failingSince: Date | null; createdBy: string; createdAt: Date; updatedAt: Date };

/** The API view of a subscription row. */
export function toWebhookView(r: Row): WebhookView {
  return {
    id: r.id, url: r.url, kinds: JSON.parse(r.kinds), format: r.format as TWebhookFormat, enabled: r.enabled, disabledReason: r.disabledReason,
    failingSince: r.failingSince?.toISOString() ?? null, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/** A new signing secret in the Standard Webhooks form: whsec_ + base64 of 24 random bytes. */
export function newWebhookSecret(random: Buffer): string {
  return `whsec_${random.toString("base64")}`;
}
