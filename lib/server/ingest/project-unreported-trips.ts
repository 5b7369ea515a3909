import { replayValidations } from "../../domain/breaker.ts";
import type { TMessageValidatedData } from "../../domain/events.ts";
import { boundaryPolicy } from "../../domain/policy.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import type { ProjectionContext, Projector } from "./projection.ts";

/** How many of a boundary's latest validations are replayed (the machine's window is 20). */
const REPLAY_DEPTH = 200;

/**
 * Seconds an agent has to report a trip the replay finds before the server calls it unreported: an honest
 * SDK may send its transition in a later batch than the validations that caused it.
 */
export function unreportedTripGraceS(): number {
  const raw = Number(process.env.FIREBREAK_UNREPORTED_TRIP_GRACE_S ?? 30);
  return Number.isFinite(raw) && raw >= 0 ? raw : 30;
}

/**
 * After message.validated events are stored (and this batch's transitions applied): replays each touched
 * CLOSED boundary's validations since its last transition through the lib/domain machine; a trip the
 * agent never reported raises one unreported_trip incident for that stretch, not one per event.
 */
export const projectUnreportedTrips: Projector = async (ctx, events) => {
  const ids = new Set(events.map((e) => {
    const d = e.data as unknown as TMessageValidatedData;
    return boundaryId(d.sender, d.receiver);
  }));
  const closed = await ctx.tx.boundary.findMany({ where: { id: { in: [...ids] }, state: "CLOSED" } });
  for (const b of closed) await checkBoundary(ctx, b);
};

async function checkBoundary(ctx: ProjectionContext, b: { id: string; sender: string; receiver: string; updatedAt: Date }) {
  const { tx, now } = ctx;
  const last = await tx.breakerTransition.findFirst({ where: { boundaryId: b.id, applied: true }, orderBy: { id: "desc" }, select: { time: true } });
  const rows = await tx.messageValidation.findMany({
    where: { sender: b.sender, receiver: b.receiver, ...(last ? { time: { gt: last.time } } : {}) },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: REPLAY_DEPTH,
    select: { outcome: true, anomalyScore: true, time: true },
  });
  const trip = replayValidations(
    rows.reverse().map((r) => ({ outcome: r.outcome as "accepted" | "rejected", anomalyScore: r.anomalyScore, at: r.time.getTime() })),
    boundaryPolicy(ctx.policy, b.sender, b.receiver),
  );
  if (!trip || trip.at > now.getTime() - unreportedTripGraceS() * 1000) return;
  // One incident per stretch of CLOSED: updatedAt moves with every applied transition.
  if (await tx.incident.count({ where: { boundaryId: b.id, type: "unreported_trip", createdAt: { gte: b.updatedAt } } })) return;
  await raiseIncident(tx, {
    type: "unreported_trip", boundaryId: b.id, changes: ctx.changes,
    detail: `${b.sender} → ${b.receiver} should have tripped at ${new Date(trip.at).toISOString()} (${trip.reason}: ` +
      `${trip.failureCount} failures, anomaly rate ${trip.anomalyRate.toFixed(2)}) but ${b.receiver} still reports CLOSED`,
  });
}
