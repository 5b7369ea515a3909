import "server-only";
import { ensureBoundaries } from "../boundaries/ensure-boundaries.ts";
import { lockReceivers } from "../breakers/receiver-lock.ts";
import { getDb } from "../db/client.ts";
import { EVENT_TYPE } from "../../domain/events.ts";
import type { StoredEvent } from "../events/projection.ts";

/**
 * Before a batch's breaker transitions are applied: creates the boundaries they move and, on PostgreSQL, takes
 * their receivers' locks (receiver-lock.ts) until the transaction ends. Another transaction moving a boundary of the same
 * receiver (the other ingest lane of this process, another replica, a force-open) then waits and reads what
 * this one wrote, instead of both judging a report against the same old state. Taken before any projection
 * step, so every writer takes its locks first and in the same order; projectTransitions relies on both.
 * `alsoLock`: the receivers of the boundaries the unreported-trip replay may write (planTripChecks), locked in
 * the same pass: a lock taken later, out of order, could close a circle with another transaction.
 * SQLite's write transactions take turns already.
 */
export async function lockTransitionReceivers(events: StoredEvent[], now: Date, alsoLock: string[] = []): Promise<void> {
  const pairs: string[][] = [];
  for (const e of events) {
    if (e.type !== EVENT_TYPE.breakerTransition) continue;
    const d = e.data as StoredEvent<typeof EVENT_TYPE.breakerTransition>["data"];
    pairs.push([d.sender, d.receiver]);
  }
  if (pairs.length === 0 && alsoLock.length === 0) return;
  const tx = getDb(); // the plain client: inside the driver transaction, its connection
  await lockReceivers(tx, [...pairs.map(([, receiver]) => receiver), ...alsoLock]);
  if (pairs.length) await ensureBoundaries(tx, pairs, now);
}
