import "server-only";
import { FLAPPING_WINDOW_MS, cooldownEnd, isFlapping, requiredApprovals } from "../../domain/breaker.ts";
import type { TPolicy } from "../../domain/policy.ts";
import { boundaryPolicy } from "../../domain/effective-policy.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import type { Evidence, TripEvidence } from "../reviews/evidence.ts";
import { gatherEvidence } from "./gather-evidence.ts";
import { openReview } from "../reviews/open-review.ts";
import { voidOlderReviews } from "../reviews/void-reviews.ts";
import { admitReview } from "./review-cap.ts";
import { emitBoundaryEvent } from "../webhooks/emit-webhook-event.ts";

export type StartEpochOptions = {
  boundary: { id: string; sender: string; receiver: string; epoch: number };
  /** When it tripped (the reported event time, or now for a force-open). */
  at: Date;
  now: Date;
  policy: TPolicy;
  /** Rejected messages after this time caused the trip. */
  since: Date | null;
  trip: TripEvidence | null;
  forcedBy?: Evidence["forcedBy"];
  actor: string;
  changes: BusMessage[];
};

/**
 * A trip (reported, or a person's force-open): the boundary goes OPEN in a new epoch with its cooldown,
 * older reviews and approvals are voided, and exactly one pending review is queued with its evidence.
 * Three trips within the hour make the boundary flapping: an incident, and its reset needs two approvers.
 * An agent's trip past its receiver's cap of pending reviews queues none (review-cap.ts).
 */
export async function startEpoch(tx: Tx, opts: StartEpochOptions): Promise<{ epoch: number; reviewId: string | null }> {
  const { boundary, now, changes } = opts;
  const settings = boundaryPolicy(opts.policy, boundary.sender, boundary.receiver);
  const epoch = boundary.epoch + 1;
  const cooldownEndsAt = new Date(cooldownEnd(settings, opts.at.getTime()));
  await tx.boundary.update({
    where: { id: boundary.id },
    data: { state: "OPEN", epoch, trippedAt: opts.at, cooldownEndsAt, updatedAt: now, awaitingForceAck: false },
  });
  await voidOlderReviews(tx, { boundaryId: boundary.id, beforeEpoch: epoch, actor: opts.actor, changes });
  const trips = [...(await recentTripTimes(tx, boundary.id, now)), now.getTime()];
  const flapping = isFlapping(trips, now.getTime());
  if (flapping && !(await hasRecentFlappingIncident(tx, boundary.id, now))) {
    await raiseIncident(tx, {
      type: "flapping", boundaryId: boundary.id, changes,
      detail: `${boundary.sender} → ${boundary.receiver} tripped ${trips.length} times within an hour; its next reset needs two approvers`,
    });
  }
  // A person's force-open always queues its review; an agent's trips are capped per receiver.
  if (!opts.forcedBy && !(await admitReview(tx, { boundaryId: boundary.id, receiver: boundary.receiver, now, changes }))) {
    return { epoch, reviewId: null };
  }
  const evidence = await gatherEvidence(tx, {
    boundary, since: opts.since, trip: opts.trip, forcedBy: opts.forcedBy, maxChainDepth: settings.fan_out.max_chain_depth, flapping,
  });
  const reviewId = await openReview(tx, {
    boundaryId: boundary.id, epoch, kind: opts.forcedBy ? "force_open" : "trip", cooldownEndsAt, evidence,
    requiredApprovals: requiredApprovals(settings, trips, now.getTime()), actor: opts.actor, changes,
  });
  await emitBoundaryEvent(tx, "boundary.tripped", { boundaryId: boundary.id, epoch, reviewId, reason: opts.trip?.reason ?? opts.forcedBy?.reason ?? null, at: opts.at.toISOString() });
  return { epoch, reviewId };
}

// Earlier trips within the flapping window: one per epoch that queued a review (server clock).
async function recentTripTimes(tx: Tx, boundaryId: string, now: Date): Promise<number[]> {
  const rows = await tx.review.groupBy({
    by: ["epoch"],
    where: { boundaryId, kind: { in: ["trip", "force_open"] }, createdAt: { gt: new Date(now.getTime() - FLAPPING_WINDOW_MS) } },
    _min: { createdAt: true },
  });
  return rows.map((r) => r._min.createdAt!.getTime());
}

async function hasRecentFlappingIncident(tx: Tx, boundaryId: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - FLAPPING_WINDOW_MS);
  return (await tx.incident.count({ where: { boundaryId, type: "flapping", createdAt: { gt: since } } })) > 0;
}
