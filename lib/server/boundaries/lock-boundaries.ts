import "server-only";
import { dbProvider } from "../db/client.ts";
import { paramList, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";

/**
 * Makes the rest of the caller's transaction the only one changing these boundaries' breaker mirrors until it
 * ends: on PostgreSQL a row lock on each (in id order, so two transactions locking overlapping sets never wait
 * on each other in a circle); what the mirror reads then decides what it writes. SQLite's write transactions
 * take turns already. Other boundaries are not held up: trips on different boundaries run side by side.
 */
export async function lockBoundaries(tx: Tx, ids: string[]): Promise<void> {
  if (dbProvider() !== "postgresql" || ids.length === 0) return;
  const sorted = [...new Set(ids)].sort();
  await selectRows(tx, `SELECT "id" FROM "Boundary" WHERE "id" IN (${paramList(sorted.length)}) ORDER BY "id" FOR UPDATE`, sorted);
}
