import "server-only";
import { randomBytes } from "node:crypto";
import type { TWebhookFormat, TWebhookKind } from "../../domain/webhooks.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { assertCan, auditActor, type Person } from "../person.ts";
import { checkWebhookUrl } from "./target-guard.ts";
import { newWebhookSecret, toWebhookView, type WebhookView } from "./webhook-view.ts";

export type WebhookChange = { url?: string; kinds?: TWebhookKind[]; format?: TWebhookFormat; enabled?: boolean; rotateSecret?: boolean };

/** Changes, disables, re-enables a subscription or rotates its secret (admin); a new secret is returned once. */
export async function updateWebhook(opts: { id: string; change: WebhookChange; user: Person }): Promise<{ webhook: WebhookView; secret?: string }> {
  assertCan(opts.user, "webhook.manage");
  const { change } = opts;
  const url = change.url === undefined ? undefined : (await checkWebhookUrl(change.url)).toString();
  const secret = change.rotateSecret ? newWebhookSecret(randomBytes(24)) : undefined;
  const row = await transaction(async (tx) => {
    const before = await tx.webhook.findUnique({ where: { id: opts.id } });
    if (!before) throw new AppError("not_found", `no webhook ${opts.id}`);
    const data = {
      ...(url !== undefined ? { url } : {}),
      ...(change.kinds ? { kinds: JSON.stringify([...new Set(change.kinds)]) } : {}),
      ...(change.format ? { format: change.format } : {}),
      ...(secret ? { secret } : {}),
      ...(change.enabled === true ? { enabled: true, disabledReason: null, failingSince: null } : {}),
      ...(change.enabled === false ? { enabled: false, disabledReason: `disabled by ${auditActor(opts.user)}` } : {}),
    };
    const after = await tx.webhook.update({ where: { id: opts.id }, data });
    const view = (r: typeof before) => ({ url: r.url, kinds: JSON.parse(r.kinds), format: r.format, enabled: r.enabled });
    await appendAudit(tx, {
      actor: auditActor(opts.user), action: secret ? "webhook.secret_rotated" : "webhook.updated", subject: `webhook:${opts.id}`,
      before: view(before), after: view(after),
    });
    return after;
  });
  return { webhook: toWebhookView(row), ...(secret ? { secret } : {}) };
}
