import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";

/**
 * A re-trip voids what was pending or granted for the boundary's earlier epochs: pending reviews and
 * approved-but-unused approvals become `void` (an approval names its epoch).
 */
export async function voidOlderReviews(tx: Tx, opts: { boundaryId: string; beforeEpoch: number; actor: string; changes: BusMessage[] }) {
  const stale = await tx.review.findMany({
    where: {
      boundaryId: opts.boundaryId,
      epoch: { lt: opts.beforeEpoch },
      OR: [{ status: "pending" }, { status: "approved", usedAt: null }],
    },
    select: { id: true, status: true, epoch: true, approvalId: true },
  });
  for (const r of stale) {
    await tx.review.update({ where: { id: r.id }, data: { status: "void", version: { increment: 1 } } });
    await appendAudit(tx, {
      actor: opts.actor, action: "review.voided", subject: `review:${r.id}`,
      before: { status: r.status, epoch: r.epoch, approvalId: r.approvalId }, after: { status: "void", reason: "re-tripped" },
    });
    opts.changes.push({ type: "review.updated", reviewId: r.id, boundaryId: opts.boundaryId });
  }
}
