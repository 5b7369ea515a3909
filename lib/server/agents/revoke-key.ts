import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { publishAndRelay } from "../bus.ts";
import { queueDirectiveForAll } from "../directives/queue-directive.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";

/** Revokes an agent key: events signed with it are refused from now on, and every agent is told. */
export async function revokeKey(opts: { kid: string; actor: string }): Promise<{ agentId: string; kid: string }> {
  const agentId = await transaction(async (tx) => {
    const key = await tx.agentKey.findUnique({ where: { kid: opts.kid } });
    if (!key) throw new AppError("not_found", `no key ${opts.kid}`);
    const already = new AppError("conflict", `key ${opts.kid} is already revoked`);
    if (key.revokedAt) throw already;
    // Conditional: of two revocations at once (two replicas), one revokes and is audited, the other gets 409.
    const won = await tx.agentKey.updateMany({ where: { kid: opts.kid, revokedAt: null }, data: { revokedAt: new Date() } });
    if (won.count === 0) throw already;
    await appendAudit(tx, { actor: opts.actor, action: "agent.key_revoked", subject: `agent:${key.agentId}`, after: { kid: opts.kid } });
    await queueDirectiveForAll(tx, { type: "key_revoked", agentId: key.agentId, kid: opts.kid });
    await emitWebhookEvent(tx, "key.revoked", { agentId: key.agentId, kid: opts.kid, actor: opts.actor });
    return key.agentId;
  });
  // Sent before the answer: every replica drops its cached copy of the keys (keys/agent-key-cache.ts).
  await publishAndRelay({ type: "agent.updated", agentId });
  return { agentId, kid: opts.kid };
}
