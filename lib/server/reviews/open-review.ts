import { appendAudit } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { newId } from "../ids.ts";
import type { Evidence } from "./evidence.ts";

export type OpenReviewOptions = {
  boundaryId: string;
  epoch: number;
  kind: "trip" | "force_open" | "retry";
  requiredApprovals: number;
  cooldownEndsAt: Date;
  evidence: Evidence;
  actor: string;
  changes: BusMessage[];
};

/** Queues one pending review for a boundary's epoch, with its evidence, inside the caller's transaction. */
export async function openReview(tx: Tx, opts: OpenReviewOptions): Promise<string> {
  const id = newId("rev");
  await tx.review.create({
    data: {
      id, boundaryId: opts.boundaryId, epoch: opts.epoch, kind: opts.kind, status: "pending",
      requiredApprovals: opts.requiredApprovals, evidence: JSON.stringify(opts.evidence), cooldownEndsAt: opts.cooldownEndsAt,
    },
  });
  await appendAudit(tx, {
    actor: opts.actor, action: "review.created", subject: `review:${id}`,
    after: { boundaryId: opts.boundaryId, epoch: opts.epoch, kind: opts.kind, requiredApprovals: opts.requiredApprovals },
  });
  opts.changes.push({ type: "review.created", reviewId: id, boundaryId: opts.boundaryId });
  return id;
}
