import "server-only";
import { ensureBoundaries } from "../boundaries/ensure-boundaries.ts";
import { lockReceivers } from "../breakers/receiver-lock.ts";
import { getDb } from "../db/client.ts";
import { EVENT_TYPE } from "../../domain/events.ts";
import type { StoredEvent } from "../events/projection.ts";

/**
 * The first step of a batch's projection, before any projection write (docs/architecture.md, ingest steps 5–6):
 *
 * 1. On PostgreSQL, takes the receivers' locks of the batch's breaker transitions (receiver-lock.ts) until the
 *    transaction ends. Another transaction moving a boundary of the same receiver (the other ingest lane of this
 *    process, another replica, a force-open) then waits and reads what this one wrote, instead of both judging a
 *    report against the same old state; projectTransitions relies on it. `alsoLock`: the receivers of the
 *    boundaries the unreported-trip replay may write (planTripChecks), locked in the same pass: a lock taken
 *    later, out of order, could close a circle with another transaction.
 * 2. Creates every boundary the batch touches (its transitions' and its validated messages'), in one statement
 *    in boundary id order; no later step inserts boundaries. An insert waits for another open transaction that
 *    inserted or updated the same row, so two batches creating the same new boundaries in separate statements,
 *    in different orders, could each wait for the other (a deadlock); in one statement and one order they wait
 *    in line.
 *
 * SQLite's write transactions take turns already.
 */
export async function lockBatch(events: StoredEvent[], now: Date, alsoLock: string[] = []): Promise<void> {
  const pairs: string[][] = [];
  const receivers: string[] = [...alsoLock];
  for (const e of events) {
    if (e.type === EVENT_TYPE.breakerTransition) {
      const d = e.data as StoredEvent<typeof EVENT_TYPE.breakerTransition>["data"];
      pairs.push([d.sender, d.receiver]);
      receivers.push(d.receiver);
    } else if (e.type === EVENT_TYPE.messageValidated) {
      const d = e.data as StoredEvent<typeof EVENT_TYPE.messageValidated>["data"];
      pairs.push([d.sender, d.receiver]);
    }
  }
  const tx = getDb(); // the plain client: inside the driver transaction, its connection
  if (receivers.length) await lockReceivers(tx, receivers);
  if (pairs.length) await ensureBoundaries(tx, pairs, now);
}
