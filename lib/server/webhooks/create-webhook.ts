import "server-only";
import { randomBytes } from "node:crypto";
import type { TWebhookFormat, TWebhookKind } from "../../domain/webhooks.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { newId } from "../ids.ts";
import { assertCan, auditActor, type Person } from "../person.ts";
import { checkWebhookUrl } from "./target-guard.ts";
import { newWebhookSecret, toWebhookView, type WebhookView } from "./webhook-view.ts";

export type CreateWebhookOptions = { url: string; kinds: TWebhookKind[]; format: TWebhookFormat; user: Person };

/** Subscribes a URL to event kinds (admin); the secret is returned here once and never shown again. */
export async function createWebhook(opts: CreateWebhookOptions): Promise<{ webhook: WebhookView; secret: string }> {
  assertCan(opts.user, "webhook.manage");
  const url = await checkWebhookUrl(opts.url);
  const secret = newWebhookSecret(randomBytes(24));
  const kinds = [...new Set(opts.kinds)];
  const row = await transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { id: newId("whk"), url: url.toString(), kinds: JSON.stringify(kinds), format: opts.format, secret, createdBy: auditActor(opts.user) },
    });
    await appendAudit(tx, { actor: auditActor(opts.user), action: "webhook.created", subject: `webhook:${created.id}`, after: { url: created.url, kinds, format: opts.format } });
    return created;
  });
  return { webhook: toWebhookView(row), secret };
}
