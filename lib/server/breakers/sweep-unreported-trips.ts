import "server-only";
import { publish, type BusMessage } from "../bus.ts";
import { getDb } from "../db/client.ts";
import { selectRows } from "../db/sql.ts";
import { transaction } from "../db/transaction.ts";
import { config } from "../config/config.ts";
import { lastAppliedTransition, raiseUnreportedTrip, unreportedTripGraceS } from "./project-unreported-trips.ts";
import { lockReceivers } from "./receiver-lock.ts";

/** Boundaries looked at per sweep: the rest wait for the next one. */
const PER_SWEEP = 500;

/**
 * Raises the unreported_trip incidents that are due without waiting for more traffic: a boundary still
 * CLOSED whose replay found a trip (suspectedTripAt) longer ago than the grace, and no such incident yet in
 * this stretch of CLOSED (updatedAt moves with every applied transition). Returns how many it raised.
 */
export async function sweepUnreportedTrips(opts: { now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - unreportedTripGraceS() * 1000);
  // Read-only first, and only boundaries not raised yet in this stretch of CLOSED (updatedAt moves with every
  // applied transition): a sweep with nothing to raise takes no write lock.
  const suspected = await selectRows<{ id: string; receiver: string; suspectedTripAt: string | Date }>(getDb(),
    `SELECT b."id", b."receiver", b."suspectedTripAt" FROM "Boundary" b WHERE b."state" = 'CLOSED' AND b."suspectedTripAt" IS NOT NULL ` +
      `AND NOT EXISTS (SELECT 1 FROM "Incident" i WHERE i."boundaryId" = b."id" AND i."type" = 'unreported_trip' ` +
      `AND i."createdAt" >= b."updatedAt") ORDER BY b."suspectedTripAt" LIMIT ${PER_SWEEP}`, []);
  const due = suspected.filter((b) => new Date(b.suspectedTripAt) <= cutoff);
  if (due.length === 0) return 0;
  const changes: BusMessage[] = [];
  // Beside ingest on the same connection: the driver path, so the two take turns without Prisma's overhead.
  const raised = await transaction(async (tx) => {
    // Their receivers' locks first, all at once and in one order, as ingest takes them (receiver-lock.ts): a
    // trip reported meanwhile is applied before or after this, so no incident is raised for a stretch it ended.
    await lockReceivers(tx, due.map((b) => b.receiver));
    let n = 0;
    for (const { id } of due) {
      // Read again inside the transaction: a transition or the ingest path may have moved it since.
      const b = await tx.boundary.findUnique({ where: { id }, select: { state: true, suspectedTripAt: true, suspectedTripDetail: true, updatedAt: true } });
      if (!b || b.state !== "CLOSED" || !b.suspectedTripAt || b.suspectedTripAt > cutoff) continue;
      if (await tx.incident.count({ where: { boundaryId: id, type: "unreported_trip", createdAt: { gte: b.updatedAt } } })) continue;
      // Another replica's sweep or ingest may raise it at the same moment: the stretch's key lets one through.
      const stretch = await lastAppliedTransition(tx, id);
      if (await raiseUnreportedTrip(tx, { boundaryId: id, stretch, detail: b.suspectedTripDetail ?? "", changes })) n++;
    }
    return n;
  }, { path: "driver" });
  for (const m of changes) publish(m);
  return raised;
}

const holder = globalThis as { __firebreakBreakerSweep?: NodeJS.Timeout };

/** Runs the sweep every FIREBREAK_BREAKER_SWEEP_S seconds (default 10) in this process; errors are logged. */
export function startBreakerSweep(): void {
  if (holder.__firebreakBreakerSweep) return;
  const everyMs = config().FIREBREAK_BREAKER_SWEEP_S * 1000;
  let running = false;
  holder.__firebreakBreakerSweep = setInterval(() => {
    if (running) return; // a slow sweep is never run twice at once
    running = true;
    sweepUnreportedTrips()
      .catch((err) => console.error("the breaker sweep failed:", err))
      .finally(() => (running = false));
  }, everyMs);
  holder.__firebreakBreakerSweep.unref();
}
