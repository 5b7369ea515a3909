import "server-only";
import { ANOMALOUS_SCORE, REPLAY_WARM_UP, replayValidations, type TReplayTrip } from "../../domain/breaker.ts";
import { EVENT_TYPE } from "../../domain/events.ts";
import { boundaryPolicy } from "../../domain/effective-policy.ts";
import { config } from "../config/config.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import { param, selectRows } from "../db/sql.ts";
import { checkedBoundaries, type CheckedBoundary } from "./checked-boundaries.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import type { ProjectionContext, Projector, StoredEvent } from "../events/projection.ts";

/** How many of a boundary's latest validations the periodic deep replay reads (the machine's window is 20). */
const REPLAY_DEPTH = 200;

/**
 * Seconds an agent has to report a trip the replay finds before the server calls it unreported: an honest
 * SDK may send its transition in a later batch than the validations that caused it.
 */
export const unreportedTripGraceS = (): number => config().FIREBREAK_UNREPORTED_TRIP_GRACE_S;

/**
 * After message.validated events are stored (and this batch's transitions applied): replays each CLOSED
 * boundary of ctx.tripChecks (planned with planTripChecks, their receivers locked before any step) through
 * the lib/domain machine; a trip the agent never reported raises one unreported_trip incident for that
 * stretch, not one per event.
 */
export const projectUnreportedTrips: Projector<typeof EVENT_TYPE.messageValidated> = async (ctx, _events) => {
  const toCheck = ctx.tripChecks;
  if (toCheck.size === 0) return;
  const ids = [...toCheck.keys()];
  // With each boundary, its last applied transition (read with traffic while OPEN's boundaries, if it ran).
  const boundaries = await checkedBoundaries(ctx, ids);
  const rows = ids.flatMap((id) => {
    const b = boundaries.get(id);
    return b && b.state === "CLOSED" ? [b] : [];
  });
  const stretches = rows.map(stretchOf);
  // The latest validations of every boundary with no trip remembered, asked for at once: on PostgreSQL the
  // reads go out together, one round trip for all of them (pg-pipeline.ts).
  const latest = await Promise.all(stretches.map((s) =>
    (s.remembered ? null : readValidations(ctx, s.b, s.since, { newest: toCheck.get(s.b.id)!.depth + REPLAY_WARM_UP }))));
  for (const [i, s] of stretches.entries()) await checkBoundary(ctx, s, toCheck.get(s.b.id)!, latest[i]);
};

type BoundaryRow = CheckedBoundary;

/** A boundary's current stretch of CLOSED: the transition it began with, and a trip found in it earlier. */
type Stretch = {
  b: BoundaryRow;
  last: { id: number | bigint; time: string | Date } | undefined;
  since: Date | null;
  remembered: { at: number; detail: string } | null;
};

function stretchOf(b: BoundaryRow): Stretch {
  const last = b.lastId === null || b.lastTime === null ? undefined : { id: b.lastId, time: b.lastTime };
  const since = last ? new Date(last.time) : null;
  // A trip an earlier replay found in this stretch of CLOSED (after the last transition) is remembered: under
  // heavy traffic it leaves the replay window long before its grace has passed.
  const remembered = b.suspectedTripAt && (!since || new Date(b.suspectedTripAt) > since)
    ? { at: new Date(b.suspectedTripAt).getTime(), detail: b.suspectedTripDetail ?? "" }
    : null;
  return { b, last, since, remembered };
}

/** A boundary to replay: its receiver, the earliest time among its validations stored now, and how many rows to read back. */
type ToCheck = { receiver: string; earliest: Date; depth: number };

/** The boundaries a batch's replay looks at, by id (planTripChecks). */
export type TripChecks = Map<string, ToCheck>;

/**
 * Which boundaries the replay of these stored events will look at (and so may write), decided before the
 * transaction takes its locks: their receivers are locked with the batch's other receivers, all at once and in
 * one order (breakers/receiver-lock.ts), so the replay never waits for a lock while holding one.
 */
export function planTripChecks(stored: StoredEvent[], now: Date): TripChecks {
  const validated = stored.filter((e): e is StoredEvent<typeof EVENT_TYPE.messageValidated> => e.type === EVENT_TYPE.messageValidated);
  return validated.length ? boundariesToCheck(validated, now.getTime()) : new Map();
}

// When each boundary was last replayed deeply (per process): at most every RECHECK_MS.
const lastChecked = new Map<string, number>();
const RECHECK_MS = 5_000;

/**
 * The boundaries worth a replay now: those with a failed or anomalous validation stored now (only they can
 * trip), which need just the validations stored now replayed, each with its window; and, every few seconds,
 * any boundary with traffic, replayed over its latest REPLAY_DEPTH validations, so that a trip found earlier
 * is raised once its grace has passed and one that came with the window's tenth sample is found.
 */
function boundariesToCheck(events: StoredEvent<typeof EVENT_TYPE.messageValidated>[], now: number): TripChecks {
  const stored = new Map<string, { receiver: string; count: number; earliest: Date; suspicious: boolean }>();
  for (const e of events) {
    const d = e.data;
    const id = boundaryId(d.sender, d.receiver);
    const suspicious = d.outcome === "rejected" || d.anomalyScore >= ANOMALOUS_SCORE;
    const s = stored.get(id);
    if (!s) stored.set(id, { receiver: d.receiver, count: 1, earliest: e.time, suspicious });
    else {
      s.count++;
      if (e.time < s.earliest) s.earliest = e.time;
      s.suspicious ||= suspicious;
    }
  }
  if (lastChecked.size > 100_000) lastChecked.clear(); // bounded memory
  const out: TripChecks = new Map();
  for (const [id, { receiver, count, earliest, suspicious }] of stored) {
    const due = now - (lastChecked.get(id) ?? 0) >= RECHECK_MS;
    if (due) lastChecked.set(id, now);
    if (due || suspicious) out.set(id, { receiver, earliest, depth: due ? Math.max(REPLAY_DEPTH, count) : count });
  }
  return out;
}

async function checkBoundary(ctx: ProjectionContext, { b, last, since, remembered }: Stretch, stored: ToCheck, latest: ReplayRow[] | null) {
  const { tx, now } = ctx;
  const suspected = remembered ?? (await replaySince(ctx, b, since, stored, latest!));
  if (!suspected || suspected.at > now.getTime() - unreportedTripGraceS() * 1000) return;
  // One incident per stretch of CLOSED: updatedAt moves with every applied transition.
  const updatedAt = new Date(b.updatedAt);
  if (await tx.incident.count({ where: { boundaryId: b.id, type: "unreported_trip", createdAt: { gte: updatedAt } } })) return;
  await raiseUnreportedTrip(tx, { boundaryId: b.id, stretch: last, detail: suspected.detail, changes: ctx.changes });
}

/** The boundary's last applied transition: its stretch of CLOSED began there (none: it never left CLOSED). */
export async function lastAppliedTransition(tx: Tx, boundaryId: string): Promise<{ id: number | bigint; time: string | Date } | undefined> {
  const [last] = await selectRows<{ id: number | bigint; time: string | Date }>(tx,
    `SELECT "id", "time" FROM "BreakerTransition" WHERE "boundaryId" = ${param(1)} AND "applied" = ${param(2)} ORDER BY "id" DESC LIMIT 1`, [boundaryId, true]);
  return last;
}

/**
 * Raises the unreported_trip incident of the boundary's current stretch of CLOSED, once: keyed on the stretch
 * (the transition it began with), so replicas replaying or sweeping the same trip at once store one.
 */
export function raiseUnreportedTrip(tx: Tx, opts: { boundaryId: string; stretch: { id: number | bigint } | undefined; detail: string; changes: BusMessage[] }) {
  return raiseIncident(tx, {
    type: "unreported_trip", boundaryId: opts.boundaryId, changes: opts.changes, detail: opts.detail,
    onceKey: `unreported_trip:${opts.boundaryId}:${opts.stretch ? Number(opts.stretch.id) : 0}`,
  });
}

type ReplayRow = { outcome: string; anomalyScore: number; time: string | Date };

// SQLite gives ISO text, PostgreSQL a Date.
const timeOf = (t: string | Date) => (typeof t === "string" ? Date.parse(t) : t.getTime());

/**
 * Replays the boundary's validations since `since` through the lib/domain machine; a trip found is remembered.
 * `latest` holds the newest depth + REPLAY_WARM_UP of them. Two ranges, each with the window's worth of
 * validations before it: the latest ones, and — when the validations stored now reach further back (a large
 * batch, or times set in the past) — those from the earliest of them on. Either way every validation stored now is replayed with the window it came into,
 * however many others the batch buries it under.
 */
async function replaySince(ctx: ProjectionContext, b: BoundaryRow, since: Date | null, stored: ToCheck, latest: ReplayRow[]) {
  const { depth } = stored;
  // Fewer rows than asked for: the range starts with the stretch, whose first window is empty.
  const cut = latest.length === depth + REPLAY_WARM_UP;
  let trip = replay(ctx, b, latest, cut ? REPLAY_WARM_UP : 0);
  // The range holds every validation stored now when its first row is not later than the earliest of them and
  // no warm-up row is as late (on a tie, a row stored now could sit among the warm-up).
  const earliest = stored.earliest.getTime();
  const reachesBack = !cut || (timeOf(latest[REPLAY_WARM_UP].time) <= earliest && timeOf(latest[REPLAY_WARM_UP - 1].time) < earliest);
  if (!reachesBack) {
    const before = await readValidations(ctx, b, since, { newest: REPLAY_WARM_UP, before: stored.earliest });
    const from = await readValidations(ctx, b, since, { oldest: Math.max(REPLAY_DEPTH, depth), from: stored.earliest });
    const earlier = replay(ctx, b, [...before, ...from], before.length);
    if (earlier && (!trip || earlier.at < trip.at)) trip = earlier;
  }
  if (!trip) return null;
  const detail = `${b.sender} → ${b.receiver} should have tripped at ${new Date(trip.at).toISOString()} (${trip.reason}: ` +
    `${trip.failureCount} failures, anomaly rate ${trip.anomalyRate.toFixed(2)}) but ${b.receiver} still reports CLOSED`;
  await ctx.tx.boundary.update({ where: { id: b.id }, data: { suspectedTripAt: new Date(trip.at), suspectedTripDetail: detail } });
  return { at: trip.at, detail };
}

/**
 * The boundary's validations after `since`, in time order: the newest so many (before a time, if given), or
 * the oldest so many from a time on. Raw SQL: on the ingest path Prisma's query layer costs more than this read.
 */
async function readValidations(
  ctx: ProjectionContext, b: BoundaryRow, since: Date | null,
  pick: { newest: number; before?: Date } | { oldest: number; from: Date },
): Promise<ReplayRow[]> {
  const args: (string | Date)[] = [b.sender, b.receiver];
  let where = `"sender" = ${param(1)} AND "receiver" = ${param(2)}`;
  const and = (condition: string, time: Date) => {
    args.push(time);
    where += ` AND "time" ${condition} ${param(args.length)}`;
  };
  if (since) and(">", since);
  const newest = "newest" in pick;
  if (newest && pick.before) and("<", pick.before);
  if (!newest) and(">=", pick.from);
  const order = newest ? "DESC" : "ASC";
  const rows = await selectRows<ReplayRow>(ctx.tx,
    `SELECT "outcome", "anomalyScore", "time" FROM "MessageValidation" WHERE ${where} ` +
      `ORDER BY "time" ${order}, "id" ${order} LIMIT ${newest ? pick.newest : pick.oldest}`, args);
  return newest ? rows.reverse() : rows;
}

function replay(ctx: ProjectionContext, b: BoundaryRow, rows: ReplayRow[], warmUp: number): TReplayTrip | null {
  return replayValidations(
    rows.map((r) => ({ outcome: r.outcome as "accepted" | "rejected", anomalyScore: Number(r.anomalyScore), at: timeOf(r.time) })),
    boundaryPolicy(ctx.policy, b.sender, b.receiver),
    undefined,
    warmUp,
  );
}
