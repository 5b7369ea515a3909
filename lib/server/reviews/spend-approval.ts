import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { expireApprovals } from "./expire-approvals.ts";

export type SpendApprovalOptions = {
  boundary: { id: string; epoch: number };
  /** The approvalId the agent named in its report, if any. */
  approvalId: string | null;
  /** When the agent says it moved (checked against expiresAt). */
  at: Date;
  /** The server clock (checked against notBefore: the agent's clock cannot move it earlier). */
  now: Date;
  actor: string;
  changes: BusMessage[];
};

export type SpendApprovalResult = { ok: true; reviewId: string; approvalId: string } | { ok: false; why: string };

/**
 * Checks an OPEN → HALF_OPEN report against the gate: a valid, unused, unexpired approval for the current
 * epoch whose notBefore has passed. When there is one it is marked used (it opens the gate once).
 */
export async function spendApproval(tx: Tx, opts: SpendApprovalOptions): Promise<SpendApprovalResult> {
  await expireApprovals(tx, { now: opts.now, boundaryId: opts.boundary.id, changes: opts.changes });
  const granted = await tx.review.findMany({
    where: { boundaryId: opts.boundary.id, approvalId: opts.approvalId ?? { not: null } },
    orderBy: { decidedAt: "desc" },
    take: 5,
  });
  const candidate = granted.find((r) => r.status === "approved" && r.usedAt === null && r.epoch === opts.boundary.epoch);
  if (!candidate) return { ok: false, why: explain(granted, opts) };
  if (candidate.expiresAt! <= opts.at) return { ok: false, why: `approval ${candidate.approvalId} expired at ${candidate.expiresAt!.toISOString()}` };
  if (candidate.notBefore! > opts.now) {
    return { ok: false, why: `approval ${candidate.approvalId} is not valid before ${candidate.notBefore!.toISOString()} (cooldown)` };
  }
  const used = await tx.review.updateMany({ where: { id: candidate.id, usedAt: null }, data: { usedAt: opts.now, version: { increment: 1 } } });
  if (used.count === 0) return { ok: false, why: `approval ${candidate.approvalId} was already used` };
  await appendAudit(tx, {
    actor: opts.actor, action: "review.approval_used", subject: `review:${candidate.id}`,
    before: { usedAt: null }, after: { usedAt: opts.now.toISOString(), approvalId: candidate.approvalId },
  });
  opts.changes.push({ type: "review.updated", reviewId: candidate.id, boundaryId: opts.boundary.id });
  return { ok: true, reviewId: candidate.id, approvalId: candidate.approvalId! };
}

function explain(granted: { approvalId: string | null; status: string; usedAt: Date | null; epoch: number }[], opts: SpendApprovalOptions): string {
  const named = opts.approvalId ? `approval ${opts.approvalId}` : "an approval";
  const r = granted[0];
  if (!r) return `no ${opts.approvalId ? `approval ${opts.approvalId}` : "approval"} exists for epoch ${opts.boundary.epoch} of this boundary`;
  if (r.epoch !== opts.boundary.epoch) return `${named} is for epoch ${r.epoch}, the boundary is in epoch ${opts.boundary.epoch}`;
  if (r.usedAt) return `${named} was already used`;
  return `${named} is ${r.status}`;
}
