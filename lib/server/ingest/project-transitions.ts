import { boundaryId } from "../boundaries/boundary-id.ts";
import { effectivePolicy } from "../../domain/policy.ts";
import type { Projector, StoredEvent } from "./projection.ts";
import { ensureBoundaries } from "./project-messages.ts";

type Transition = {
  sender: string;
  receiver: string;
  seq: number;
  from: string;
  to: string;
  reason: string;
  failureCount: number;
  anomalyRate: number;
  approvalId?: string;
};

/**
 * breaker.transition → the transition row and, when its seq is newer than the boundary's, the
 * boundary's mirrored state. An older or repeated seq is stored but moves nothing.
 */
export const projectTransitions: Projector = async (ctx, events) => {
  const { tx, now } = ctx;
  const items = events.map((e) => ({ e, d: e.data as unknown as Transition }));
  await ensureBoundaries(tx, items.map(({ d }) => [d.sender, d.receiver]), now);
  for (const { e, d } of items.sort((a, b) => a.d.seq - b.d.seq)) {
    await applyTransition(ctx, e, d);
  }
};

async function applyTransition({ tx, now, policy, changes }: Parameters<Projector>[0], e: StoredEvent, d: Transition) {
  const id = boundaryId(d.sender, d.receiver);
  const boundary = await tx.boundary.findUniqueOrThrow({ where: { id } });
  const applied = d.seq > boundary.lastSeq;
  await tx.breakerTransition.create({
    data: {
      eventSeq: e.seq, boundaryId: id, seq: d.seq, fromState: d.from, toState: d.to, reason: d.reason,
      failureCount: d.failureCount, anomalyRate: d.anomalyRate, approvalId: d.approvalId ?? null, applied, time: e.time,
    },
  });
  if (!applied) return;
  const isTrip = d.to === "OPEN" && boundary.state !== "OPEN";
  const settings = effectivePolicy(policy, { sender: d.sender, receiver: d.receiver });
  const cooldownS = Math.max(settings.fan_out.cooldown_after_trip_s, settings.breaker.reset_timeout_s);
  await tx.boundary.update({
    where: { id },
    data: {
      state: d.to,
      lastSeq: d.seq,
      failureCount: d.failureCount,
      anomalyRate: d.anomalyRate,
      updatedAt: now,
      ...(isTrip ? { epoch: boundary.epoch + 1, trippedAt: e.time, cooldownEndsAt: new Date(e.time.getTime() + cooldownS * 1000) } : {}),
    },
  });
  changes.push({ type: "boundary.updated", boundaryId: id });
}
