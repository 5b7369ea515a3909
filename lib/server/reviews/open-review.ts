import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { newId } from "../ids.ts";
import type { Evidence } from "./evidence.ts";
import { emitBoundaryEvent } from "../webhooks/emit-webhook-event.ts";

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
  await emitBoundaryEvent(tx, "review.opened", reviewOpenedData(id, opts));
  opts.changes.push({ type: "review.created", reviewId: id, boundaryId: opts.boundaryId });
  return id;
}

// What a review.opened webhook says: why it tripped, the evidence in numbers, who it could reach.
function reviewOpenedData(reviewId: string, o: OpenReviewOptions) {
  const e = o.evidence;
  return {
    reviewId, boundaryId: o.boundaryId, epoch: o.epoch, kind: o.kind, requiredApprovals: o.requiredApprovals, cooldownEndsAt: o.cooldownEndsAt.toISOString(),
    reason: e.trip?.reason ?? (e.forcedBy ? `forced open by ${e.forcedBy.actor}: ${e.forcedBy.reason}` : null), anomalyRate: e.anomalyRate,
    rejectedMessages: e.rejectedMessages.length, provenanceRoots: e.provenanceRoots.length, blastRadius: e.blastRadius.map((a) => a.agentId),
  };
}
