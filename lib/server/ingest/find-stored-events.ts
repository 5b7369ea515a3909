import "server-only";
import { dbProvider } from "../db/client.ts";
import { param, paramList, pgArrayOf, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";

/** An event's identity: the agent that sent it and its id, unique together. */
export type EventKey = { source: string; id: string };

/** One string per (source, id), to key maps by. */
export const keyOf = (e: EventKey) => `${e.source}\u0000${e.id}`;

// Ids per query: far below every driver's limit on bound parameters (Prisma's SQLite limit is 999).
const CHUNK = 400;

/**
 * The payload hash stored under each of `keys` already in the Event table, by keyOf. On SQLite read per source
 * in chunks, so a batch of any size (all of it resent, say) stays under the driver's parameter limit; on
 * PostgreSQL in one statement (two array parameters, whatever the count).
 */
export async function findStoredHashes(tx: Tx, keys: EventKey[]): Promise<Map<string, string>> {
  if (dbProvider() === "postgresql") return findOnPostgres(tx, keys);
  const bySource = new Map<string, string[]>();
  for (const k of keys) bySource.set(k.source, [...(bySource.get(k.source) ?? []), k.id]);
  const found = new Map<string, string>();
  for (const [source, ids] of bySource) {
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const rows = await selectRows<{ eventId: string; payloadHash: string }>(tx,
        `SELECT "eventId", "payloadHash" FROM "Event" WHERE "source" = ${param(1)} AND "eventId" IN (${paramList(chunk.length, 2)})`,
        [source, ...chunk]);
      for (const r of rows) found.set(keyOf({ source, id: r.eventId }), r.payloadHash);
    }
  }
  return found;
}

// PostgreSQL: every key in one statement of fixed text (prepared once per connection), the keys as two arrays
// joined to the table's unique index, however many sources: a batch of trips is signed by a receiver a trip, and
// one query a source was as many round trips and statements as trips (docs/benchmarks.md#trips).
async function findOnPostgres(tx: Tx, keys: EventKey[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()];
  const rows = await selectRows<{ source: string; eventId: string; payloadHash: string }>(tx,
    `SELECT e."source", e."eventId", e."payloadHash" FROM unnest($1::text[], $2::text[]) AS k("source", "eventId") ` +
      `JOIN "Event" e ON e."source" = k."source" AND e."eventId" = k."eventId"`,
    [pgArrayOf(unique.map((k) => k.source)), pgArrayOf(unique.map((k) => k.id))], { prepared: true });
  for (const r of rows) found.set(keyOf({ source: r.source, id: r.eventId }), r.payloadHash);
  return found;
}
