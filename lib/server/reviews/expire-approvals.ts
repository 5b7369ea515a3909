import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import { publish, type BusMessage } from "../bus.ts";
import { transaction } from "../db/transaction.ts";
import type { Tx } from "../db/tx.ts";
import type { Evidence } from "./evidence.ts";
import { openReview } from "./open-review.ts";
import { emitBoundaryEvent } from "../webhooks/emit-webhook-event.ts";

/**
 * Approvals not used by their expiresAt expire (checked lazily: on reads and by the mirror). The boundary
 * stays OPEN; when it is still OPEN in that epoch a fresh pending review is queued so people can decide again.
 */
export async function expireApprovals(tx: Tx, opts: { now: Date; boundaryId?: string; changes: BusMessage[] }): Promise<void> {
  const due = await tx.review.findMany({
    where: { status: "approved", usedAt: null, expiresAt: { lte: opts.now }, ...(opts.boundaryId ? { boundaryId: opts.boundaryId } : {}) },
    take: 100,
  });
  for (const r of due) {
    const done = await tx.review.updateMany({
      where: { id: r.id, status: "approved", usedAt: null },
      data: { status: "expired", version: { increment: 1 } },
    });
    if (done.count === 0) continue; // someone else expired it first
    await appendAudit(tx, {
      actor: "firebreak", action: "review.approval_expired", subject: `review:${r.id}`,
      before: { status: "approved", approvalId: r.approvalId, expiresAt: r.expiresAt }, after: { status: "expired" },
    });
    await emitBoundaryEvent(tx, "review.expired", { reviewId: r.id, boundaryId: r.boundaryId, epoch: r.epoch, approvalId: r.approvalId });
    opts.changes.push({ type: "review.updated", reviewId: r.id, boundaryId: r.boundaryId });
    const boundary = await tx.boundary.findUnique({ where: { id: r.boundaryId }, select: { state: true, epoch: true } });
    if (boundary?.state !== "OPEN" || boundary.epoch !== r.epoch) continue;
    await openReview(tx, {
      boundaryId: r.boundaryId, epoch: r.epoch, kind: "retry", requiredApprovals: r.requiredApprovals,
      cooldownEndsAt: r.cooldownEndsAt, evidence: JSON.parse(r.evidence) as Evidence, actor: "firebreak", changes: opts.changes,
    });
  }
}

/** Lazy expiry before a read: expires what is due in its own transaction, then tells the live pages. */
export async function expireDueApprovals(now = new Date()): Promise<void> {
  const changes: BusMessage[] = [];
  await transaction((tx) => expireApprovals(tx, { now, changes }));
  for (const m of changes) publish(m);
}
