import "server-only";
import { boundaryId } from "../boundaries/boundary-id.ts";
import { ensureBoundaries } from "../boundaries/ensure-boundaries.ts";
import { lockBoundaries } from "../boundaries/lock-boundaries.ts";
import { dbProvider, getDb } from "../db/client.ts";
import { EVENT_TYPE } from "../../domain/events.ts";
import type { StoredEvent } from "../events/projection.ts";

/**
 * On PostgreSQL, before a batch's breaker transitions are applied: locks the rows of the boundaries they move,
 * in id order, until the transaction ends. Another transaction moving the same boundary (the other ingest lane
 * of this process, or another replica) then waits and reads what this one wrote, instead of both judging a
 * report against the same old state. Taken before any projection step, so every lane locks in the same order
 * (projectTransitions takes the same locks again, a no-op here, for its other callers). SQLite's write
 * transactions take turns already.
 */
export async function lockTransitionBoundaries(events: StoredEvent[], now: Date): Promise<void> {
  if (dbProvider() !== "postgresql") return;
  const pairs = new Map<string, string[]>();
  for (const e of events) {
    if (e.type !== EVENT_TYPE.breakerTransition) continue;
    const d = e.data as StoredEvent<typeof EVENT_TYPE.breakerTransition>["data"];
    pairs.set(boundaryId(d.sender, d.receiver), [d.sender, d.receiver]);
  }
  if (pairs.size === 0) return;
  const tx = getDb(); // the plain client: inside the driver transaction, its connection
  await ensureBoundaries(tx, [...pairs.values()], now);
  await lockBoundaries(tx, [...pairs.keys()]);
}
