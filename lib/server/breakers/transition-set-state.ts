import "server-only";
import { FLAPPING_WINDOW_MS } from "../../domain/breaker.ts";
import { param, paramList, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";

type When = string | Date;
type Int = number | bigint;
const at = (v: When | null) => (v === null ? null : new Date(v));

/** A review of the boundary that a re-trip voids: pending, or approved and not used yet. */
export type LiveReview = { id: string; status: string; epoch: number; approvalId: string | null; isNew: boolean; version: number };

/** An unreported_trip incident not resolved yet. */
export type UnreportedTrip = { id: string; status: string; createdAt: Date };

/** One boundary as a set of transitions moves it: read once, changed in memory, written once. */
export type SetBoundary = {
  id: string; sender: string; receiver: string; state: string; epoch: number; lastSeq: number;
  failureCount: number; anomalyRate: number; trippedAt: Date | null; cooldownEndsAt: Date | null; awaitingForceAck: boolean;
  updatedAt: Date | null;
  /** Open unreported_trip incidents of the boundary (a trip reported from CLOSED resolves its stretch's). */
  unreported: UnreportedTrip[];
  /** When the last applied transition happened (the rejected messages after it caused a trip). */
  lastAppliedAt: Date | null;
  /** Whether a transition moved it, so it is written back. */
  moved: boolean;
  live: LiveReview[];
  /** Epoch → when its first trip or force-open review was queued, within the flapping window. */
  tripTimes: Map<number, number>;
  hasFlappingIncident: boolean;
};

/** What a set of transitions is judged against, read in one query per kind. */
export type TransitionSetState = {
  boundaries: Map<string, SetBoundary>;
  /** Pending reviews per receiver (the cap, review-cap.ts). */
  pending: Map<string, number>;
};

type BoundaryRow = {
  id: string; sender: string; receiver: string; state: string; epoch: Int; lastSeq: Int; failureCount: Int; anomalyRate: number;
  trippedAt: When | null; cooldownEndsAt: When | null; awaitingForceAck: boolean | Int; updatedAt: When;
};

/**
 * Reads the boundaries a set of transitions moves and, when any may trip, what their trips are judged by:
 * the last applied transition, the reviews a re-trip voids, the recent trips and flapping incidents, and
 * the receivers' pending reviews. The caller holds the receivers' locks, so none of it moves meanwhile.
 */
export async function readTransitionSetState(tx: Tx, ids: string[], opts: { mayTrip: boolean; now: Date }): Promise<TransitionSetState> {
  const list = paramList(ids.length);
  const windowStart = new Date(opts.now.getTime() - FLAPPING_WINDOW_MS);
  const read = selectRows<BoundaryRow>(tx,
    `SELECT "id", "sender", "receiver", "state", "epoch", "lastSeq", "failureCount", "anomalyRate", "trippedAt", "cooldownEndsAt", ` +
      `"awaitingForceAck", "updatedAt" FROM "Boundary" WHERE "id" IN (${list})`, ids);
  const pending = new Map<string, number>();
  if (!opts.mayTrip) return { boundaries: boundariesOf(await read), pending };
  // Every read at once: none needs another's answer (the cap's count finds the receivers by the same ids), so on
  // PostgreSQL they go out together on the transaction's connection and cost one round trip, not seven
  // (pg-pipeline.ts; docs/benchmarks.md#trips). The caller holds the receivers' locks: nothing moves between them.
  const [rows, last, live, trips, flapping, unreported, counts] = await Promise.all([
    read,
    selectRows<{ boundaryId: string; time: When }>(tx,
      `SELECT "boundaryId", "time" FROM "BreakerTransition" WHERE "id" IN (SELECT MAX("id") FROM "BreakerTransition" ` +
        `WHERE "boundaryId" IN (${list}) AND "applied" = true GROUP BY "boundaryId")`, ids),
    selectRows<{ id: string; boundaryId: string; status: string; epoch: Int; approvalId: string | null; version: Int }>(tx,
      `SELECT "id", "boundaryId", "status", "epoch", "approvalId", "version" FROM "Review" WHERE "boundaryId" IN (${list}) ` +
        `AND ("status" = 'pending' OR ("status" = 'approved' AND "usedAt" IS NULL)) ORDER BY "createdAt", "id"`, ids),
    selectRows<{ boundaryId: string; epoch: Int; first: When }>(tx,
      `SELECT "boundaryId", "epoch", MIN("createdAt") AS "first" FROM "Review" WHERE "boundaryId" IN (${list}) ` +
        `AND "kind" IN ('trip', 'force_open') AND "createdAt" > ${param(ids.length + 1)} GROUP BY "boundaryId", "epoch"`, [...ids, windowStart]),
    selectRows<{ boundaryId: string }>(tx,
      `SELECT DISTINCT "boundaryId" FROM "Incident" WHERE "boundaryId" IN (${list}) AND "type" = 'flapping' ` +
        `AND "createdAt" > ${param(ids.length + 1)}`, [...ids, windowStart]),
    selectRows<{ id: string; boundaryId: string; status: string; createdAt: When }>(tx,
      `SELECT "id", "boundaryId", "status", "createdAt" FROM "Incident" WHERE "boundaryId" IN (${list}) ` +
        `AND "type" = 'unreported_trip' AND "status" <> 'resolved'`, ids),
    selectRows<{ receiver: string; n: Int }>(tx,
      `SELECT b."receiver" AS "receiver", COUNT(*) AS "n" FROM "Review" r JOIN "Boundary" b ON b."id" = r."boundaryId" ` +
        `WHERE b."receiver" IN (SELECT "receiver" FROM "Boundary" WHERE "id" IN (${list})) AND r."status" = 'pending' GROUP BY b."receiver"`, ids),
  ]);
  const boundaries = boundariesOf(rows);
  for (const r of last) boundaries.get(r.boundaryId)!.lastAppliedAt = new Date(r.time);
  for (const r of live) {
    boundaries.get(r.boundaryId)!.live.push({ id: r.id, status: r.status, epoch: Number(r.epoch), approvalId: r.approvalId, isNew: false, version: Number(r.version) });
  }
  for (const r of trips) boundaries.get(r.boundaryId)!.tripTimes.set(Number(r.epoch), new Date(r.first).getTime());
  for (const r of flapping) boundaries.get(r.boundaryId)!.hasFlappingIncident = true;
  for (const r of unreported) boundaries.get(r.boundaryId)!.unreported.push({ id: r.id, status: r.status, createdAt: new Date(r.createdAt) });
  for (const r of rows) pending.set(r.receiver, 0);
  for (const r of counts) pending.set(r.receiver, Number(r.n));
  return { boundaries, pending };
}

function boundariesOf(rows: BoundaryRow[]): Map<string, SetBoundary> {
  return new Map(rows.map((r) => [r.id, {
    id: r.id, sender: r.sender, receiver: r.receiver, state: r.state, epoch: Number(r.epoch), lastSeq: Number(r.lastSeq),
    failureCount: Number(r.failureCount), anomalyRate: r.anomalyRate, trippedAt: at(r.trippedAt), cooldownEndsAt: at(r.cooldownEndsAt),
    awaitingForceAck: Boolean(Number(r.awaitingForceAck)), updatedAt: new Date(r.updatedAt), unreported: [], lastAppliedAt: null, moved: false,
    live: [], tripTimes: new Map(), hasFlappingIncident: false,
  }]));
}
