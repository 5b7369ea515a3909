import "server-only";
import { startBackgroundLoop } from "../background-loop.ts";
import { config } from "../config/config.ts";
import { param, paramList, selectRows } from "../db/sql.ts";
import { transaction } from "../db/transaction.ts";
import { EVENT_TYPE } from "../../domain/events.ts";

/** FIREBREAK_RETENTION_DAYS: how many days of raw events to keep; 0 (the default) keeps everything. */
export function retentionDays(): number | null {
  return config().FIREBREAK_RETENTION_DAYS || null;
}

// What stays however old (see docs/scale.md#retention): the signed events behind the breaker history and the
// memory records of the provenance graph, and anything about a boundary with a pending review or a recent incident.
const KEPT_TYPES = [EVENT_TYPE.breakerTransition, EVENT_TYPE.memoryWrite];
const onQuietBoundary = (boundary: string, cutoff: string) =>
  `NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."boundaryId" = ${boundary} AND r."status" = 'pending') ` +
  `AND NOT EXISTS (SELECT 1 FROM "Incident" i WHERE i."boundaryId" = ${boundary} AND i."createdAt" >= ${cutoff})`;

type Value = string | number | Date;
type Scanned = { k: number | bigint; at: string | Date; gone: number | bigint };
/** One table's pass: the rows before the cutoff in its (time, key) index order, each read once, as `k`, `at`, `gone`. */
type Walk = { table: string; key: string; scan: (batch: number) => string; args: (cursor: [Value, number]) => Value[] };

/**
 * Deletes raw events received before the cutoff, and the message verdicts they were projected into, in small
 * batches (each its own short statement, so ingest never waits long). Never the audit log, the provenance
 * graph (messages, records, edges), breaker transitions, reviews or incidents. Returns how many rows went.
 */
export async function applyRetention(opts: { days: number; now?: Date; batch?: number }): Promise<{ events: number; validations: number }> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.days * 86_400_000);
  const batch = opts.batch ?? 500;
  // Placeholders numbered in the order they appear in the text, as their arguments (SQLite's `?` are positional).
  const events: Walk = {
    table: "Event",
    key: "seq",
    scan: (limit) =>
      `SELECT e."seq" AS "k", e."receivedAt" AS "at", CASE WHEN e."boundaryId" IS NULL OR (${onQuietBoundary(`e."boundaryId"`, param(1))}) ` +
      `THEN 1 ELSE 0 END AS "gone" FROM "Event" e WHERE e."receivedAt" < ${param(2)} AND (e."receivedAt", e."seq") > (${param(3)}, ${param(4)}) ` +
      `AND e."type" NOT IN (${paramList(KEPT_TYPES.length, 5)}) ORDER BY e."receivedAt", e."seq" LIMIT ${limit}`,
    args: (cursor) => [cutoff, cutoff, ...cursor, ...KEPT_TYPES],
  };
  const validations: Walk = {
    table: "MessageValidation",
    key: "id",
    scan: (limit) =>
      `SELECT v."id" AS "k", v."time" AS "at", CASE WHEN b."id" IS NOT NULL AND ${onQuietBoundary(`b."id"`, param(1))} THEN 1 ELSE 0 END AS "gone" ` +
      `FROM "MessageValidation" v LEFT JOIN "Boundary" b ON b."sender" = v."sender" AND b."receiver" = v."receiver" ` +
      `WHERE v."time" < ${param(2)} AND (v."time", v."id") > (${param(3)}, ${param(4)}) ORDER BY v."time", v."id" LIMIT ${limit}`,
    args: (cursor) => [cutoff, cutoff, ...cursor],
  };
  return { events: await drain(events, batch), validations: await drain(validations, batch) };
}

// A whole pass over one table: batch after batch, each starting where the last one stopped, so a row kept
// (or deleted but not yet vacuumed) is read once per pass, not once per batch (docs/scale.md#retention).
async function drain(walk: Walk, batch: number): Promise<number> {
  let cursor: [Value, number] = [new Date(0), -1];
  let removed = 0;
  for (;;) {
    const { scanned, deleted, last } = await deleteBatch(walk, batch, cursor);
    removed += deleted;
    if (scanned < batch || !last) return removed;
    cursor = last;
  }
}

// One batch in its own short write transaction (on SQLite, taking turns with ingest): the next `batch` rows
// after the cursor, those that may go deleted by their key. Returns how many were read and went, and the last read.
async function deleteBatch(walk: Walk, batch: number, cursor: [Value, number]) {
  return transaction(async (tx) => {
    const rows = await selectRows<Scanned>(tx, walk.scan(batch), walk.args(cursor));
    const keys = rows.filter((r) => Number(r.gone) === 1).map((r) => Number(r.k));
    // Through the driver, like the scan: Prisma's raw query path costs more CPU than the delete itself.
    const deleted = keys.length === 0 ? 0
      : (await selectRows(tx, `DELETE FROM "${walk.table}" WHERE "${walk.key}" IN (${paramList(keys.length)}) RETURNING 1 AS "gone"`, keys)).length;
    const end = rows.at(-1);
    const last: [Value, number] | null = end ? [end.at, Number(end.k)] : null;
    return { scanned: rows.length, deleted, last };
  }, { path: "driver" });
}

/** With FIREBREAK_RETENTION_DAYS set, applies it every hour in the background of this process. */
export function startRetention(): void {
  const days = retentionDays();
  if (days === null) return;
  startBackgroundLoop("retention", 3_600_000, () => applyRetention({ days }));
}
