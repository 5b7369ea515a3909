import "server-only";
import { insertRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import { boundaryId } from "./boundary-id.ts";

/** Creates the boundaries that do not exist yet (CLOSED, epoch 0). */
export async function ensureBoundaries(tx: Tx, pairs: string[][], now: Date): Promise<void> {
  const unique = new Map(pairs.map(([s, r]) => [boundaryId(s, r), [s, r]]));
  // In id order: two transactions creating overlapping sets wait in line, never in a circle.
  await insertRows(tx, "Boundary", ["id", "sender", "receiver", "createdAt", "updatedAt"],
    [...unique].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, [s, r]]) => [id, s, r, now, now]), { ignoreConflicts: true });
}
