import "server-only";
import type { EVENT_TYPE } from "../../domain/events.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import { startEpoch } from "./start-epoch.ts";
import { judgeSeq } from "./judge-seq.ts";
import { emitBoundaryEvent } from "../webhooks/emit-webhook-event.ts";
import { judgeTransition } from "./judge-transition.ts";
import type { ProjectionContext, StoredEvent } from "../events/projection.ts";

/**
 * One breaker.transition, one Prisma call after the other: the transition row and, when its seq is newer than
 * the boundary's, the mirror judged against the gate; a trip starts a new epoch with one pending review. The
 * set-wise projection (project-transition-set.ts) hands over the reports it does not do itself: a move into
 * HALF_OPEN, which spends an approval. The caller holds the receiver's lock.
 */
export async function applyTransition(ctx: ProjectionContext, e: StoredEvent<typeof EVENT_TYPE.breakerTransition>): Promise<void> {
  const { tx, now, changes } = ctx;
  const d = e.data;
  const id = boundaryId(d.sender, d.receiver);
  const boundary = await tx.boundary.findUniqueOrThrow({ where: { id } });
  const applied = d.seq > boundary.lastSeq;
  const previous = applied
    ? await tx.breakerTransition.findFirst({ where: { boundaryId: id, applied: true }, orderBy: { id: "desc" }, select: { time: true } })
    : null;
  await tx.breakerTransition.create({
    data: {
      eventSeq: e.seq, boundaryId: id, seq: d.seq, fromState: d.from, toState: d.to, reason: d.reason,
      failureCount: d.failureCount, anomalyRate: d.anomalyRate, approvalId: d.approvalId ?? null, applied, time: e.time,
    },
  });
  await judgeSeq(tx, { boundary, report: d, applied, changes });
  if (!applied) return;
  await judgeTransition(tx, { boundary, report: d, at: e.time, now, changes });
  await tx.boundary.update({
    where: { id },
    data: {
      state: d.to, lastSeq: d.seq, failureCount: d.failureCount, anomalyRate: d.anomalyRate, updatedAt: now, awaitingForceAck: false,
      suspectedTripAt: null, suspectedTripDetail: null, // a new stretch: what the replay suspected before is moot
    },
  });
  // A report of OPEN after a person's force-open acknowledges that epoch instead of starting another.
  if (d.to === "OPEN" && !boundary.awaitingForceAck) {
    await startEpoch(tx, {
      boundary, at: e.time, now, policy: ctx.policy, since: previous?.time ?? null, actor: `agent:${d.receiver}`, changes,
      trip: {
        eventSeq: e.seq, seq: d.seq, from: d.from, to: d.to, reason: d.reason,
        failureCount: d.failureCount, anomalyRate: d.anomalyRate, time: e.time.toISOString(),
      },
    });
  }
  if (d.to === "CLOSED" && boundary.state !== "CLOSED") await emitBoundaryEvent(tx, "boundary.closed", { boundaryId: id, epoch: boundary.epoch, seq: d.seq });
  const after = await tx.boundary.findUniqueOrThrow({ where: { id }, select: { state: true, epoch: true } });
  await appendAudit(tx, {
    actor: `agent:${d.receiver}`, action: "boundary.transition", subject: `boundary:${id}`,
    before: { state: boundary.state, epoch: boundary.epoch }, after: { ...after, seq: d.seq, reason: d.reason },
  });
  changes.push({ type: "boundary.updated", boundaryId: id });
}
