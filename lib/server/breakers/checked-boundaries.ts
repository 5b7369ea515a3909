import "server-only";
import { paramList, selectRows } from "../db/sql.ts";
import type { ProjectionContext } from "../events/projection.ts";

/**
 * A boundary as the checks after a batch's transitions read it: traffic while OPEN (project-traffic-while-open.ts)
 * and the unreported-trip replay (project-unreported-trips.ts). For a CLOSED one, its last applied transition
 * (its stretch of CLOSED began there; none: it never left CLOSED).
 */
export type CheckedBoundary = {
  id: string; sender: string; receiver: string; state: string; awaitingForceAck: boolean | number | bigint;
  epoch: number | bigint; trippedAt: string | Date | null; updatedAt: string | Date;
  suspectedTripAt: string | Date | null; suspectedTripDetail: string | null;
  lastId: number | bigint | null; lastTime: string | Date | null;
};

// Per batch: the rows read, and the ids asked for.
const read = new WeakMap<ProjectionContext, { ids: Set<string>; rows: Promise<Map<string, CheckedBoundary>> }>();

/**
 * The boundaries `ids`, read in one statement with those the unreported-trip replay will look at
 * (ctx.tripChecks): the two checks run one after the other, and the first writes nothing the second reads
 * (an incident), so one read serves both, one round trip on PostgreSQL instead of two
 * (docs/benchmarks.md#postgresql). Not found: left out.
 */
export async function checkedBoundaries(ctx: ProjectionContext, ids: string[]): Promise<Map<string, CheckedBoundary>> {
  const done = read.get(ctx);
  if (done && ids.every((id) => done.ids.has(id))) return done.rows;
  const wanted = new Set([...ids, ...ctx.tripChecks.keys()]);
  const rows = readBoundaries(ctx, [...wanted]);
  read.set(ctx, { ids: wanted, rows });
  return rows;
}

async function readBoundaries(ctx: ProjectionContext, ids: string[]): Promise<Map<string, CheckedBoundary>> {
  const last = (column: string) =>
    `CASE WHEN b."state" = 'CLOSED' THEN (SELECT t."${column}" FROM "BreakerTransition" t ` +
    `WHERE t."boundaryId" = b."id" AND t."applied" = true ORDER BY t."id" DESC LIMIT 1) END`;
  const rows = await selectRows<CheckedBoundary>(ctx.tx,
    `SELECT b."id", b."sender", b."receiver", b."state", b."awaitingForceAck", b."epoch", b."trippedAt", b."updatedAt", ` +
      `b."suspectedTripAt", b."suspectedTripDetail", ${last("id")} AS "lastId", ${last("time")} AS "lastTime" ` +
      `FROM "Boundary" b WHERE b."id" IN (${paramList(ids.length)})`, ids);
  return new Map(rows.map((r) => [r.id, r]));
}
