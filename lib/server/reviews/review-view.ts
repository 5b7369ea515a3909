import "server-only";
import type { Tx } from "../db/tx.ts";
import type { Evidence, ReviewView } from "../../domain/views.ts";

export type { ReviewView };

type Row = Awaited<ReturnType<Tx["review"]["findFirstOrThrow"]>> & {
  approvals: { userId: string; decision: string; comment: string; createdAt: Date }[];
};

/** Shapes review rows (with their approvals) for the API: boundary names and approvers' emails looked up in two queries. */
export async function toReviewViews(tx: Tx, rows: Row[], opts: { withEvidence?: boolean } = {}): Promise<ReviewView[]> {
  const boundaries = await tx.boundary.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.boundaryId))] } },
    select: { id: true, sender: true, receiver: true },
  });
  const userIds = [...new Set(rows.flatMap((r) => r.approvals.map((a) => a.userId)))];
  const users = userIds.length ? await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } }) : [];
  const byId = new Map(boundaries.map((b) => [b.id, b]));
  const people = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    boundaryId: r.boundaryId,
    sender: byId.get(r.boundaryId)?.sender ?? "",
    receiver: byId.get(r.boundaryId)?.receiver ?? "",
    epoch: r.epoch,
    kind: r.kind,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    cooldownEndsAt: r.cooldownEndsAt.toISOString(),
    requiredApprovals: r.requiredApprovals,
    approvals: r.approvals.map((a) => ({
      userId: a.userId, email: people.get(a.userId)?.email ?? null, name: people.get(a.userId)?.name ?? null, decision: a.decision, comment: a.comment, createdAt: a.createdAt.toISOString(),
    })),
    grant: r.approvalId
      ? { approvalId: r.approvalId, notBefore: r.notBefore!.toISOString(), expiresAt: r.expiresAt!.toISOString(), usedAt: r.usedAt?.toISOString() ?? null }
      : null,
    ...(opts.withEvidence ? { evidence: JSON.parse(r.evidence) as Evidence } : {}),
  }));
}
