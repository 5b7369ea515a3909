import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { publishAndRelay } from "../bus.ts";
import { queueDirectiveForAll } from "../directives/queue-directive.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";

/** Suspends an agent (all its keys then fail) or resumes it. */
export async function setAgentStatus(opts: { id: string; status: "active" | "suspended"; actor: string }): Promise<void> {
  await transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: opts.id } });
    if (!agent) throw new AppError("not_found", `no agent ${opts.id}`);
    if (agent.status === opts.status) return;
    // Conditional: of two people making the same change at once (two replicas), one is audited; both see it done.
    const won = await tx.agent.updateMany({ where: { id: opts.id, status: agent.status }, data: { status: opts.status } });
    if (won.count === 0) return;
    await appendAudit(tx, {
      actor: opts.actor,
      action: opts.status === "suspended" ? "agent.suspended" : "agent.resumed",
      subject: `agent:${opts.id}`,
      before: { status: agent.status },
      after: { status: opts.status },
    });
    if (opts.status === "suspended") {
      await emitWebhookEvent(tx, "agent.suspended", { agentId: opts.id, actor: opts.actor });
      // Peers cache the key set (30 s by default): told at once, they stop trusting its messages now.
      await queueDirectiveForAll(tx, { type: "agent_suspended", agentId: opts.id });
    }
  });
  // Sent before the answer: every replica drops its cached copy of the keys (keys/agent-key-cache.ts).
  await publishAndRelay({ type: "agent.updated", agentId: opts.id });
}
