import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { findIncidents } from "../incidents/find-incidents.ts";
import { expireDueApprovals } from "../reviews/expire-approvals.ts";
import { toReviewViews } from "../reviews/review-view.ts";
import type { BoundaryTimeline, TimelineEntry } from "../../domain/views.ts";

export type { BoundaryTimeline, TimelineEntry };

const TAKE = 100;

/** A boundary and what happened to it: transitions, validations, reviews and incidents, merged newest first. */
export async function getBoundaryTimeline(opts: { id: string }): Promise<BoundaryTimeline> {
  await expireDueApprovals();
  const db = getDb();
  const b = await db.boundary.findUnique({ where: { id: opts.id } });
  if (!b) throw new AppError("not_found", `no boundary ${opts.id}`);
  const [transitions, validations, reviewRows, incidents] = await Promise.all([
    db.breakerTransition.findMany({ where: { boundaryId: b.id }, orderBy: { id: "desc" }, take: TAKE }),
    db.messageValidation.findMany({ where: { sender: b.sender, receiver: b.receiver }, orderBy: { id: "desc" }, take: TAKE }),
    db.review.findMany({ where: { boundaryId: b.id }, orderBy: { createdAt: "desc" }, take: TAKE, include: { approvals: { orderBy: { createdAt: "asc" } } } }),
    findIncidents({ boundary: b.id, limit: TAKE }).then((p) => p.incidents),
  ]);
  const reviews = await toReviewViews(db, reviewRows, { withEvidence: true });
  const entries: TimelineEntry[] = [
    ...transitions.map((t) => ({
      kind: "transition" as const, at: t.time.toISOString(), seq: t.seq, from: t.fromState, to: t.toState, reason: t.reason, applied: t.applied, approvalId: t.approvalId,
    })),
    ...validations.map((v) => ({
      kind: "validation" as const, at: v.time.toISOString(), messageId: v.messageId, outcome: v.outcome, anomalyScore: v.anomalyScore, reasons: JSON.parse(v.reasons) as string[],
    })),
    ...reviews.map((r) => ({ kind: "review" as const, at: r.createdAt, review: r })),
    ...incidents.map((i) => ({ kind: "incident" as const, at: i.createdAt, incident: i })),
  ].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
  return {
    boundary: {
      id: b.id, sender: b.sender, receiver: b.receiver, state: b.state, epoch: b.epoch,
      trippedAt: b.trippedAt?.toISOString() ?? null, cooldownEndsAt: b.cooldownEndsAt?.toISOString() ?? null, updatedAt: b.updatedAt.toISOString(),
    },
    entries,
  };
}
