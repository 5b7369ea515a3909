import "server-only";
import { getDb } from "../db/client.ts";
import type { BoundaryView } from "../../domain/views.ts";

export type { BoundaryView };

/** Every boundary with its mirrored state and pending review, unhealthy ones first (docs/architecture.md#people-api). */
export async function findBoundaries(opts: { state?: string; take?: number } = {}): Promise<BoundaryView[]> {
  const db = getDb();
  const rows = await db.boundary.findMany({
    where: opts.state ? { state: opts.state } : {},
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: Math.min(opts.take ?? 5_000, 10_000),
  });
  const pending = await db.review.findMany({ where: { status: "pending" }, select: { id: true, boundaryId: true }, orderBy: { createdAt: "asc" } });
  const reviewOf = new Map<string, string>();
  for (const r of pending) if (!reviewOf.has(r.boundaryId)) reviewOf.set(r.boundaryId, r.id);
  const rank = (s: string) => (s === "CLOSED" ? 1 : 0);
  return rows
    .map((b) => ({
      id: b.id, sender: b.sender, receiver: b.receiver, state: b.state, epoch: b.epoch,
      pendingReviewId: reviewOf.get(b.id) ?? null,
      trippedAt: b.trippedAt?.toISOString() ?? null,
      cooldownEndsAt: b.cooldownEndsAt?.toISOString() ?? null,
      updatedAt: b.updatedAt.toISOString(),
    }))
    .sort((a, b) => rank(a.state) - rank(b.state));
}
