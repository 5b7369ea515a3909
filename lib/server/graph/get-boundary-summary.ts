import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { BoundarySummary } from "../../domain/views.ts";

export type { BoundarySummary };

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** One boundary with its counts, newest transitions and incidents, and its pending review; not_found when absent. */
export async function getBoundarySummary(opts: { id: string; now?: Date; sinceMinutes?: number; take?: number }): Promise<BoundarySummary> {
  const db = getDb();
  const b = await db.boundary.findUnique({ where: { id: opts.id } });
  if (!b) throw new AppError("not_found", `no boundary ${opts.id}`);
  const sinceMinutes = opts.sinceMinutes ?? 60;
  const since = new Date((opts.now ?? new Date()).getTime() - sinceMinutes * 60_000);
  const take = opts.take ?? 10;
  const [outcomes, review, transitions, incidents] = await Promise.all([
    db.messageValidation.groupBy({ by: ["outcome"], where: { sender: b.sender, receiver: b.receiver, time: { gte: since } }, _count: { _all: true } }),
    db.review.findFirst({ where: { boundaryId: b.id, status: "pending" }, orderBy: { createdAt: "desc" } }),
    db.breakerTransition.findMany({ where: { boundaryId: b.id }, orderBy: { id: "desc" }, take }),
    db.incident.findMany({ where: { boundaryId: b.id }, orderBy: { createdAt: "desc" }, take }),
  ]);
  const count = (outcome?: string) => outcomes.filter((o) => !outcome || o.outcome === outcome).reduce((n, o) => n + o._count._all, 0);
  return {
    id: b.id, sender: b.sender, receiver: b.receiver, state: b.state, epoch: b.epoch,
    failureCount: b.failureCount, anomalyRate: b.anomalyRate,
    trippedAt: iso(b.trippedAt), cooldownEndsAt: iso(b.cooldownEndsAt), updatedAt: b.updatedAt.toISOString(),
    messages: { total: count(), rejected: count("rejected"), sinceMinutes },
    pendingReview: review ? { id: review.id, cooldownEndsAt: review.cooldownEndsAt.toISOString(), requiredApprovals: review.requiredApprovals } : null,
    transitions: transitions.map((t) => ({ seq: t.seq, from: t.fromState, to: t.toState, reason: t.reason, applied: t.applied, time: t.time.toISOString() })),
    incidents: incidents.map((i) => ({ id: i.id, type: i.type, detail: i.detail, createdAt: i.createdAt.toISOString() })),
  };
}
