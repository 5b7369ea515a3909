import "server-only";
import type { BusMessage } from "../bus.ts";
import { param, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import { config } from "../config/config.ts";
import { lockReceivers } from "./receiver-lock.ts";

/** Pending reviews one receiver's trips may hold at once (FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER, default 20). */
export const maxPendingReviewsPerReceiver = () => config().FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER;

const HOUR_MS = 3_600_000;

/**
 * Whether a trip reported by `receiver` may queue another review: false once its boundaries hold the cap of
 * pending reviews, and then one review_cap incident an hour says so (the boundary still goes OPEN: without a
 * review it stays OPEN until a person force-opens it again or a pending review is decided). The receiver's
 * lock makes the count and the review queued after it one step across replicas: two trips at once cannot
 * both take the last place, nor both raise the incident.
 */
export async function admitReview(tx: Tx, opts: { boundaryId: string; receiver: string; now: Date; changes: BusMessage[] }): Promise<boolean> {
  const cap = maxPendingReviewsPerReceiver();
  await lockReceivers(tx, [opts.receiver]); // usually held already: projectTransitions takes them all first
  const [{ n }] = await selectRows<{ n: number | bigint }>(tx,
    `SELECT COUNT(*) AS "n" FROM "Review" r JOIN "Boundary" b ON b."id" = r."boundaryId" ` +
      `WHERE b."receiver" = ${param(1)} AND r."status" = 'pending'`, [opts.receiver]);
  if (Number(n) < cap) return true;
  if (!(await hasRecentCapIncident(tx, opts.receiver, opts.now))) {
    await raiseIncident(tx, { type: "review_cap", boundaryId: opts.boundaryId, changes: opts.changes, detail: capIncidentDetail(opts.receiver) });
  }
  return false;
}

const capPrefix = (receiver: string) => `${receiver} has ${maxPendingReviewsPerReceiver()} pending reviews`;

/** What the review_cap incident says (one an hour per receiver). */
export function capIncidentDetail(receiver: string): string {
  return `${capPrefix(receiver)}, the most one receiver may hold: its further trips open their boundaries without a review ` +
    `(decide the pending ones, or force-open a boundary to queue one)`;
}

/** Whether a review_cap incident about this receiver was raised within the hour. */
export async function hasRecentCapIncident(tx: Tx, receiver: string, now: Date): Promise<boolean> {
  const recent = await tx.incident.count({
    where: { type: "review_cap", detail: { startsWith: capPrefix(receiver) }, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } },
  });
  return recent > 0;
}
