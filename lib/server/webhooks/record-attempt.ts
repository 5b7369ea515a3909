import "server-only";
import { backoffMs, isAcknowledged, type BackoffSettings } from "../../domain/webhooks.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { publish, type BusMessage } from "../bus.ts";
import { transaction } from "../db/transaction.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import type { PostResult } from "./post-webhook.ts";

type Claimed = { id: string; webhookId: string; attempts: number; retryUntil: Date };

/**
 * Stores what one attempt got: delivered on a 2xx; otherwise the next attempt after a jittered backoff, or
 * failed once its retry window is over. A subscription failing for `disableAfterMs` with no success in
 * between is disabled, audited, and raised as an incident so an admin sees it.
 */
export async function recordAttempt(opts: { delivery: Claimed; result: PostResult; now: Date; backoff: BackoffSettings; disableAfterMs: number }): Promise<"delivered" | "retry" | "failed"> {
  const { delivery: d, result: r, now } = opts;
  const ok = r.statusCode !== null && isAcknowledged(r.statusCode);
  const outcome = ok ? "delivered" : now >= d.retryUntil ? "failed" : "retry";
  const error = ok ? null : (r.error ?? `answered ${r.statusCode}`).slice(0, 500);
  const changes: BusMessage[] = [];
  await transaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: d.id },
      data: {
        status: outcome === "retry" ? "pending" : outcome, lastAttemptAt: now, lastStatusCode: r.statusCode, lastLatencyMs: r.latencyMs, lastError: error,
        ...(ok ? { deliveredAt: now } : {}),
        ...(outcome === "retry" ? { nextAttemptAt: new Date(now.getTime() + backoffMs(d.attempts, opts.backoff, Math.random())) } : {}),
      },
    });
    const hook = await tx.webhook.findUnique({ where: { id: d.webhookId } });
    if (!hook) return;
    if (ok) {
      if (hook.failingSince) await tx.webhook.update({ where: { id: hook.id }, data: { failingSince: null } });
      return;
    }
    const since = hook.failingSince ?? now;
    if (!hook.failingSince) await tx.webhook.update({ where: { id: hook.id }, data: { failingSince: now } });
    if (!hook.enabled || now.getTime() - since.getTime() < opts.disableAfterMs) return;
    const reason = `deliveries failed since ${since.toISOString()} (last: ${error})`;
    // Conditional: deliveries failing on two replicas at once disable it once (one audit entry, one incident).
    const won = await tx.webhook.updateMany({ where: { id: hook.id, enabled: true }, data: { enabled: false, disabledReason: reason } });
    if (won.count === 0) return;
    await appendAudit(tx, { actor: "firebreak", action: "webhook.disabled", subject: `webhook:${hook.id}`, before: { enabled: true }, after: { enabled: false, reason } });
    await raiseIncident(tx, { type: "webhook_disabled", boundaryId: null, detail: `webhook ${hook.id} (${hook.url}) was disabled: ${reason}`, changes });
  });
  for (const m of changes) publish(m);
  return outcome;
}
