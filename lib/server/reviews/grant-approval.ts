import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import type { Tx } from "../db/tx.ts";
import { queueDirective } from "../directives/queue-directive.ts";

export type GrantApprovalOptions = {
  review: { id: string; boundaryId: string; epoch: number };
  grant: { approvalId: string; notBefore: Date; expiresAt: Date };
  actor: string;
};

/** An approved review becomes an approve_half_open directive to the boundary's receiver (the breaker's owner). */
export async function grantApproval(tx: Tx, opts: GrantApprovalOptions): Promise<void> {
  const boundary = await tx.boundary.findUniqueOrThrow({ where: { id: opts.review.boundaryId }, select: { sender: true, receiver: true } });
  await queueDirective(tx, boundary.receiver, {
    type: "approve_half_open",
    boundary: { sender: boundary.sender, receiver: boundary.receiver },
    epoch: opts.review.epoch,
    approvalId: opts.grant.approvalId,
    notBefore: opts.grant.notBefore.toISOString(),
    expiresAt: opts.grant.expiresAt.toISOString(),
  });
  await appendAudit(tx, {
    actor: opts.actor, action: "directive.approve_half_open", subject: `agent:${boundary.receiver}`,
    after: { reviewId: opts.review.id, epoch: opts.review.epoch, approvalId: opts.grant.approvalId, notBefore: opts.grant.notBefore, expiresAt: opts.grant.expiresAt },
  });
}
