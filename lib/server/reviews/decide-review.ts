import "server-only";
import { addSecondsClamped } from "../../domain/clamp-time.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { publish, type BusMessage } from "../bus.ts";
import { transaction } from "../db/transaction.ts";
import type { Tx } from "../db/tx.ts";
import { orConflict } from "../db/unique-violation.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { config } from "../config/config.ts";
import { assertCan, auditActor, requireText, type Person } from "../person.ts";
import { grantApproval } from "./grant-approval.ts";
import { expireApprovals } from "./expire-approvals.ts";
import { getReview } from "./get-review.ts";
import { emitBoundaryEvent } from "../webhooks/emit-webhook-event.ts";
import type { ReviewView } from "./review-view.ts";
import { alreadyYours, whoDecided } from "./who-decided.ts";

export type DecideReviewOptions = { reviewId: string; user: Person; decision: "approve" | "reject"; comment: string; now?: Date };

/** How long an approval stays usable after its notBefore (FIREBREAK_APPROVAL_TTL_S, default 15 min). */
export const approvalTtlS = () => config().FIREBREAK_APPROVAL_TTL_S;

/**
 * One person's decision on a pending review, atomic under concurrency: the review row is updated only if its
 * status and version are still what this decision read, so two people at once get one result and one 409.
 * A reject decides at once (the boundary stays OPEN); approvals decide once `requiredApprovals` distinct
 * people approved, and become an approve_half_open directive to the receiver.
 */
export async function decideReview(opts: DecideReviewOptions): Promise<ReviewView> {
  assertCan(opts.user, "review.decide");
  const comment = requireText(opts.comment, "comment");
  const now = opts.now ?? new Date();
  const changes: BusMessage[] = [];
  await transaction(async (tx) => {
    await expireApprovals(tx, { now, changes });
    const review = await tx.review.findUnique({ where: { id: opts.reviewId }, include: { approvals: true } });
    if (!review) throw new AppError("not_found", `no review ${opts.reviewId}`);
    if (review.status !== "pending") throw new AppError("conflict", await whoDecided(tx, review));
    const own = review.approvals.find((a) => a.userId === opts.user.id);
    if (own) throw new AppError("conflict", alreadyYours(own.decision, own.createdAt));
    await orConflict(() => tx.approval.create({ data: { id: newId("apr"), reviewId: review.id, userId: opts.user.id, decision: opts.decision, comment } }),
      "you already decided this review, at the same moment elsewhere (another tab or window); reload to see it");
    const approvals = review.approvals.filter((a) => a.decision === "approve").length + (opts.decision === "approve" ? 1 : 0);
    const status = opts.decision === "reject" ? "rejected" : approvals >= review.requiredApprovals ? "approved" : "pending";
    const grant = status === "approved" ? { approvalId: newId("apv"), ...grantWindow(review.cooldownEndsAt, now) } : null;
    await claim(tx, review, { status, ...(status === "pending" ? {} : { decidedAt: now }), ...(grant ?? {}) });
    await appendAudit(tx, {
      actor: auditActor(opts.user), action: `review.${opts.decision}`, subject: `review:${review.id}`,
      before: { status: review.status, approvals: approvals - (opts.decision === "approve" ? 1 : 0) },
      after: { status, approvals, comment, ...(grant ? { approvalId: grant.approvalId } : {}) },
    });
    if (status !== "pending") await emitBoundaryEvent(tx, "review.decided", { reviewId: review.id, boundaryId: review.boundaryId, epoch: review.epoch, status, decidedBy: auditActor(opts.user), comment });
    if (grant) await grantApproval(tx, { review, grant, actor: auditActor(opts.user) });
    changes.push({ type: "review.updated", reviewId: review.id, boundaryId: review.boundaryId });
  });
  for (const m of changes) publish(m);
  return getReview({ id: opts.reviewId, now });
}

// The conditional update that makes a decision atomic: nobody else changed the review since we read it.
async function claim(tx: Tx, review: { id: string; version: number }, data: Record<string, unknown>) {
  const won = await tx.review.updateMany({ where: { id: review.id, status: "pending", version: review.version }, data: { ...data, version: review.version + 1 } });
  if (won.count === 0) throw new AppError("conflict", "someone else decided this review at the same moment; reload to see who");
}

/** notBefore = max(now, cooldown end); expiresAt = notBefore + the approval TTL. */
function grantWindow(cooldownEndsAt: Date, now: Date) {
  const notBefore = new Date(Math.max(now.getTime(), cooldownEndsAt.getTime()));
  return { notBefore, expiresAt: new Date(addSecondsClamped(notBefore.getTime(), approvalTtlS())) };
}
