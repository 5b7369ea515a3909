import "server-only";
import { param, paramList, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";

/** An event's identity: the agent that sent it and its id, unique together. */
export type EventKey = { source: string; id: string };

/** One string per (source, id), to key maps by. */
export const keyOf = (e: EventKey) => `${e.source}\u0000${e.id}`;

// Ids per query: far below every driver's limit on bound parameters (Prisma's SQLite limit is 999).
const CHUNK = 400;

/**
 * The payload hash stored under each of `keys` already in the Event table, by keyOf. Read per source in
 * chunks, so a batch of any size (all of it resent, say) stays under the drivers' parameter limits.
 */
export async function findStoredHashes(tx: Tx, keys: EventKey[]): Promise<Map<string, string>> {
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
