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

/**
 * Deletes raw events received before the cutoff, and the message verdicts they were projected into, in small
 * batches (each its own short statement, so ingest never waits long). Never the audit log, the provenance
 * graph (messages, records, edges), breaker transitions, reviews or incidents. Returns how many rows went.
 */
export async function applyRetention(opts: { days: number; now?: Date; batch?: number }): Promise<{ events: number; validations: number }> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.days * 86_400_000);
  const batch = opts.batch ?? 500;
  // Placeholders numbered in the order of their arguments (SQLite's `?` are positional).
  const n = KEPT_TYPES.length;
  const eventsSql =
    `SELECT e."seq" AS "k" FROM "Event" e WHERE e."receivedAt" < ${param(1)} AND e."type" NOT IN (${paramList(n, 2)}) ` +
    `AND (e."boundaryId" IS NULL OR (${onQuietBoundary(`e."boundaryId"`, param(n + 2))})) ORDER BY e."seq" LIMIT ${batch}`;
  const validationsSql =
    `SELECT v."id" AS "k" FROM "MessageValidation" v JOIN "Boundary" b ON b."sender" = v."sender" AND b."receiver" = v."receiver" ` +
    `WHERE v."time" < ${param(1)} AND ${onQuietBoundary(`b."id"`, param(2))} ORDER BY v."id" LIMIT ${batch}`;
  const drain = async (select: string, args: (string | Date)[], table: string, key: string) => {
    let removed = 0;
    for (;;) {
      const k = await deleteBatch(select, args, table, key);
      removed += k;
      if (k < batch) return removed;
    }
  };
  const removed = {
    events: await drain(eventsSql, [cutoff, ...KEPT_TYPES, cutoff], "Event", "seq"),
    validations: await drain(validationsSql, [cutoff, cutoff], "MessageValidation", "id"),
  };
  return removed;
}

// One batch in its own short write transaction (on SQLite, taking turns with ingest): the rows `select`
// picks, deleted by their key. Returns how many went.
async function deleteBatch(select: string, args: (string | Date)[], table: string, key: string): Promise<number> {
  return transaction(async (tx) => {
    const keys = (await selectRows<{ k: number | bigint }>(tx, select, args)).map((r) => Number(r.k));
    if (keys.length === 0) return 0;
    return tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "${key}" IN (${paramList(keys.length)})`, ...keys);
  }, { path: "driver" });
}

/** With FIREBREAK_RETENTION_DAYS set, applies it every hour in the background of this process. */
export function startRetention(): void {
  const days = retentionDays();
  if (days === null) return;
  startBackgroundLoop("retention", 3_600_000, () => applyRetention({ days }));
}
