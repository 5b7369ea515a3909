import "server-only";
import { cooldownEnd, isFlapping, requiredApprovals } from "../../domain/breaker.ts";
import { boundaryPolicy } from "../../domain/effective-policy.ts";
import type { EVENT_TYPE } from "../../domain/events.ts";
import { illegalMove, needsApproval, seqFindings } from "../../domain/transition-findings.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import type { ProjectionContext, StoredEvent } from "../events/projection.ts";
import { newId } from "../ids.ts";
import { gatherSetEvidence, readEvidenceAhead, type EvidenceCandidate, type EvidenceRequest } from "./gather-set-evidence.ts";
import { resolveUnreportedTrips, type LateTripReport } from "./resolve-unreported-trip.ts";
import { capIncidentDetail, hasRecentCapIncident, maxPendingReviewsPerReceiver } from "./review-cap.ts";
import { readTransitionSetState, type SetBoundary, type TransitionSetState } from "./transition-set-state.ts";
import { TransitionSetWrites, type NewReview } from "./transition-set-writes.ts";

type Transition = StoredEvent<typeof EVENT_TYPE.breakerTransition>;
type Run = {
  ctx: ProjectionContext; state: TransitionSetState; writes: TransitionSetWrites; evidence: EvidenceRequest[]; capIncident: Map<string, boolean>;
  late: LateTripReport[];
};

/**
 * Projects transitions (in seq order) set-wise, as apply-transition.ts would one by one: the boundaries and
 * what their trips are judged by are read in one query each (transition-set-state.ts), every report is judged
 * and applied in memory in order, the trips' evidence is gathered for all of them at once, and everything is
 * written with one statement per table (transition-set-writes.ts). Stops before the first applied report that
 * must spend an approval (a move into HALF_OPEN) and returns how many it projected.
 */
export async function projectTransitionSet(ctx: ProjectionContext, events: Transition[]): Promise<number> {
  const ids = [...new Set(events.map((e) => boundaryId(e.data.sender, e.data.receiver)))];
  // The evidence of the trips the set may make is read with its state, before any report is judged: one round
  // trip on PostgreSQL for all of it (gather-set-evidence.ts).
  const [state, ahead] = await Promise.all([
    readTransitionSetState(ctx.tx, ids, { mayTrip: events.some((e) => e.data.to === "OPEN"), now: ctx.now }),
    readEvidenceAhead(ctx.tx, evidenceCandidates(ctx, events)),
  ]);
  const aheadSince = new Map([...state.boundaries.values()].map((b) => [b.id, b.lastAppliedAt]));
  const run: Run = { ctx, state, writes: new TransitionSetWrites(ctx.changes), evidence: [], capIncident: new Map(), late: [] };
  let done = 0;
  for (const e of events) {
    const b = state.boundaries.get(boundaryId(e.data.sender, e.data.receiver))!;
    if (e.data.seq > b.lastSeq && needsApproval(b.state, e.data.to)) break;
    await project(run, b, e);
    done++;
  }
  await resolveUnreportedTrips(ctx.tx, run.late, ctx.now, ctx.changes);
  const evidence = await gatherSetEvidence(ctx.tx, run.evidence, ahead, aheadSince);
  run.evidence.forEach((r, k) => (r.review.evidence = evidence[k]));
  await run.writes.flush(ctx.tx, [...state.boundaries.values()].filter((b) => b.moved));
  return done;
}

// The boundaries a report of OPEN may trip, each once, with the depth its sender's blast radius is walked to.
function evidenceCandidates(ctx: ProjectionContext, events: Transition[]): EvidenceCandidate[] {
  const candidates = new Map<string, EvidenceCandidate>();
  for (const { data: d } of events) {
    const id = boundaryId(d.sender, d.receiver);
    if (d.to !== "OPEN" || candidates.has(id)) continue;
    const maxChainDepth = boundaryPolicy(ctx.policy, d.sender, d.receiver).fan_out.max_chain_depth;
    candidates.set(id, { boundaryId: id, sender: d.sender, receiver: d.receiver, maxChainDepth });
  }
  return [...candidates.values()];
}

async function project(run: Run, b: SetBoundary, e: Transition): Promise<void> {
  const { writes, ctx } = run;
  const d = e.data;
  const applied = d.seq > b.lastSeq;
  const previous = applied ? b.lastAppliedAt : null;
  writes.transitions.push([e.seq, b.id, d.seq, d.from, d.to, d.reason, d.failureCount, d.anomalyRate, d.approvalId ?? null, applied, e.time]);
  for (const f of seqFindings(b, d, applied)) writes.incident(f.type, b.id, f.detail);
  if (!applied) return;
  const illegal = illegalMove(b, d);
  if (illegal) writes.incident(illegal.type, b.id, illegal.detail);
  const before = { state: b.state, epoch: b.epoch, awaitingForceAck: b.awaitingForceAck };
  // A trip reported from CLOSED is the one the replay suspected in this stretch (CLOSED since updatedAt).
  if (d.to === "OPEN" && b.state === "CLOSED") {
    const stretch = b.updatedAt?.getTime() ?? 0;
    for (const incident of b.unreported.filter((i) => i.createdAt.getTime() >= stretch)) {
      run.late.push({ incident, boundaryId: b.id, receiver: d.receiver, seq: d.seq });
    }
    b.unreported = b.unreported.filter((i) => i.createdAt.getTime() < stretch);
  }
  Object.assign(b, {
    state: d.to, lastSeq: d.seq, failureCount: d.failureCount, anomalyRate: d.anomalyRate, updatedAt: ctx.now, awaitingForceAck: false,
    lastAppliedAt: e.time, moved: true,
  });
  // A report of OPEN after a person's force-open acknowledges that epoch instead of starting another.
  if (d.to === "OPEN" && !before.awaitingForceAck) await startEpoch(run, b, e, previous);
  if (d.to === "CLOSED" && before.state !== "CLOSED") writes.boundaryEvent("boundary.closed", b, () => ({ boundaryId: b.id, epoch: before.epoch, seq: d.seq }));
  writes.audits.push({
    actor: `agent:${d.receiver}`, action: "boundary.transition", subject: `boundary:${b.id}`,
    before: { state: before.state, epoch: before.epoch }, after: { state: b.state, epoch: b.epoch, seq: d.seq, reason: d.reason },
  });
  ctx.changes.push({ type: "boundary.updated", boundaryId: b.id });
}

// start-epoch.ts for an agent's trip, in memory: a new epoch with its cooldown, older reviews voided, flapping
// judged, and one pending review unless the receiver holds its cap (review-cap.ts).
async function startEpoch(run: Run, b: SetBoundary, e: Transition, since: Date | null): Promise<void> {
  const { ctx, writes, state } = run;
  const { now } = ctx;
  const d = e.data;
  const actor = `agent:${d.receiver}`;
  const settings = boundaryPolicy(ctx.policy, b.sender, b.receiver);
  const epoch = b.epoch + 1;
  const cooldownEndsAt = new Date(cooldownEnd(settings, e.time.getTime()));
  Object.assign(b, { state: "OPEN", epoch, trippedAt: e.time, cooldownEndsAt, updatedAt: now, awaitingForceAck: false });
  for (const r of b.live.filter((r) => r.epoch < epoch)) voidReview(run, b, r, actor);
  b.live = b.live.filter((r) => r.epoch >= epoch);
  const trips = [...b.tripTimes.values(), now.getTime()];
  const flapping = isFlapping(trips, now.getTime());
  if (flapping && !b.hasFlappingIncident) {
    writes.incident("flapping", b.id, `${b.sender} → ${b.receiver} tripped ${trips.length} times within an hour; its next reset needs two approvers`);
    b.hasFlappingIncident = true;
  }
  if (!(await admitReview(run, b))) return;
  const review: NewReview = {
    id: newId("rev"), boundaryId: b.id, epoch, kind: "trip", status: "pending", version: 0,
    requiredApprovals: requiredApprovals(settings, trips, now.getTime()), cooldownEndsAt, createdAt: new Date(),
  };
  writes.reviews.push(review);
  b.live.push({ id: review.id, status: "pending", epoch, approvalId: null, isNew: true, version: 0 });
  if (!b.tripTimes.has(epoch)) b.tripTimes.set(epoch, review.createdAt.getTime());
  state.pending.set(b.receiver, (state.pending.get(b.receiver) ?? 0) + 1);
  run.evidence.push({
    review, sender: b.sender, receiver: b.receiver, since, maxChainDepth: settings.fan_out.max_chain_depth, flapping,
    trip: {
      eventSeq: e.seq, seq: d.seq, from: d.from, to: d.to, reason: d.reason,
      failureCount: d.failureCount, anomalyRate: d.anomalyRate, time: e.time.toISOString(),
    },
  });
  writes.audits.push({
    actor, action: "review.created", subject: `review:${review.id}`,
    after: { boundaryId: b.id, epoch, kind: review.kind, requiredApprovals: review.requiredApprovals },
  });
  writes.boundaryEvent("review.opened", b, () => reviewOpenedData(review));
  ctx.changes.push({ type: "review.created", reviewId: review.id, boundaryId: b.id });
  writes.boundaryEvent("boundary.tripped", b, () => ({ boundaryId: b.id, epoch, reviewId: review.id, reason: d.reason, at: e.time.toISOString() }));
}

// void-reviews.ts, in memory: a review queued earlier in this set is written void, one read from the database updated.
function voidReview(run: Run, b: SetBoundary, r: SetBoundary["live"][number], actor: string): void {
  if (r.isNew) {
    const queued = run.writes.reviews.find((n) => n.id === r.id)!;
    Object.assign(queued, { status: "void", version: queued.version + 1 });
  } else run.writes.voided.push(r.id);
  if (r.status === "pending") run.state.pending.set(b.receiver, run.state.pending.get(b.receiver)! - 1);
  run.writes.audits.push({
    actor, action: "review.voided", subject: `review:${r.id}`,
    before: { status: r.status, epoch: r.epoch, approvalId: r.approvalId }, after: { status: "void", reason: "re-tripped" },
  });
  run.ctx.changes.push({ type: "review.updated", reviewId: r.id, boundaryId: b.id });
}

// review-cap.ts on the counts in memory; the hour's review_cap incident is looked up once per receiver, if ever.
async function admitReview(run: Run, b: SetBoundary): Promise<boolean> {
  if ((run.state.pending.get(b.receiver) ?? 0) < maxPendingReviewsPerReceiver()) return true;
  let raised = run.capIncident.get(b.receiver);
  if (raised === undefined) raised = await hasRecentCapIncident(run.ctx.tx, b.receiver, run.ctx.now);
  if (!raised) run.writes.incident("review_cap", b.id, capIncidentDetail(b.receiver));
  run.capIncident.set(b.receiver, true);
  return false;
}

// What a review.opened webhook says (open-review.ts): why it tripped, the evidence in numbers, who it could reach.
function reviewOpenedData(r: NewReview) {
  const e = r.evidence!;
  return {
    reviewId: r.id, boundaryId: r.boundaryId, epoch: r.epoch, kind: r.kind, requiredApprovals: r.requiredApprovals, cooldownEndsAt: r.cooldownEndsAt.toISOString(),
    reason: e.trip?.reason ?? null, anomalyRate: e.anomalyRate,
    rejectedMessages: e.rejectedMessages.length, provenanceRoots: e.provenanceRoots.length, blastRadius: e.blastRadius.map((a) => a.agentId),
  };
}
