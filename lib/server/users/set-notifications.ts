import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import { getDb } from "../db/client.ts";
import { transaction } from "../db/transaction.ts";
import { assertCan, auditActor, type Person } from "../person.ts";

/** A reviewer's own choice of notifications: "reviews waiting" emails on or off (audited). */
export async function setNotifications(opts: { user: Person; reviewsWaiting: boolean }): Promise<{ reviewsWaiting: boolean }> {
  assertCan(opts.user, "review.decide");
  await transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: opts.user.id }, select: { notifyReviews: true } });
    await tx.user.update({ where: { id: opts.user.id }, data: { notifyReviews: opts.reviewsWaiting } });
    await appendAudit(tx, {
      actor: auditActor(opts.user), action: "user.notifications_changed", subject: `user:${opts.user.id}`,
      before: { reviewsWaiting: before.notifyReviews }, after: { reviewsWaiting: opts.reviewsWaiting },
    });
  });
  return { reviewsWaiting: opts.reviewsWaiting };
}

/** Whether a person gets "reviews waiting" emails. */
export async function getNotifications(opts: { user: Person }): Promise<{ reviewsWaiting: boolean }> {
  const row = await getDb().user.findUnique({ where: { id: opts.user.id }, select: { notifyReviews: true } });
  return { reviewsWaiting: row?.notifyReviews ?? false };
}
