import "server-only";
import { getDb } from "../db/client.ts";

/** A person's decision the replay applies to both policies: an approved reset or a force-open, at `at` (epoch ms). */
export type THumanAction =
  | { kind: "approval"; at: number; sender: string; receiver: string; approvalId: string; notBefore: number; expiresAt: number }
  | { kind: "force_open"; at: number; sender: string; receiver: string; reason: string };

/** Approvals granted and boundaries forced open in [from, to), in time order (few: one per human decision). */
export async function readHumanActions(opts: { from: Date; to: Date }): Promise<THumanAction[]> {
  const db = getDb();
  const reviews = await db.review.findMany({
    where: {
      OR: [
        { approvalId: { not: null }, decidedAt: { gte: opts.from, lt: opts.to } },
        { kind: "force_open", createdAt: { gte: opts.from, lt: opts.to } },
      ],
    },
    select: { boundaryId: true, kind: true, approvalId: true, decidedAt: true, notBefore: true, expiresAt: true, createdAt: true },
    take: 100_000, // bounded: one row per human decision
  });
  const ids = [...new Set(reviews.map((r) => r.boundaryId))];
  const boundaries = new Map((await db.boundary.findMany({ where: { id: { in: ids } }, select: { id: true, sender: true, receiver: true } })).map((b) => [b.id, b]));
  const out: THumanAction[] = [];
  for (const r of reviews) {
    const b = boundaries.get(r.boundaryId);
    if (!b) continue;
    if (r.kind === "force_open" && r.createdAt >= opts.from && r.createdAt < opts.to) {
      out.push({ kind: "force_open", at: r.createdAt.getTime(), sender: b.sender, receiver: b.receiver, reason: "forced open by a person" });
    }
    if (r.approvalId && r.decidedAt && r.notBefore && r.expiresAt && r.decidedAt >= opts.from && r.decidedAt < opts.to) {
      out.push({
        kind: "approval", at: r.decidedAt.getTime(), sender: b.sender, receiver: b.receiver,
        approvalId: r.approvalId, notBefore: r.notBefore.getTime(), expiresAt: r.expiresAt.getTime(),
      });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
