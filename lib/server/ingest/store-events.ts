import "server-only";
import { publish, type BusMessage } from "../bus.ts";
import { config } from "../config/config.ts";
import { dbProvider } from "../db/client.ts";
import { GroupCommit } from "../db/group-commit.ts";
import { insertRows } from "../db/sql.ts";
import { transaction } from "../db/transaction.ts";
import type { Tx } from "../db/tx.ts";
import { EVENT_TYPE } from "../../domain/events.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import { eventFacets } from "../../domain/event-facets.ts";
import type { TPolicy } from "../../domain/policy.ts";
import { projectTrafficWhileOpen } from "../breakers/project-traffic-while-open.ts";
import { projectTransitions } from "../breakers/project-transitions.ts";
import { planTripChecks, projectUnreportedTrips } from "../breakers/project-unreported-trips.ts";
import { projectionStep, type ProjectionStep, type StoredEvent } from "../events/projection.ts";
import type { CheckedEvent } from "./check-event.ts";
import { findStoredHashes, keyOf } from "./find-stored-events.ts";
import { projectMemoryReads, projectMemoryWrites } from "./project-memory.ts";
import { lockBatch } from "./lock-batch.ts";
import { projectMessages } from "./project-messages.ts";
import { projectViolations } from "./project-violations.ts";

export type StoreOutcome = "accepted" | "duplicate" | "id_conflict";

// After lockBatch (receivers' locks, then every boundary of the batch created in one statement). In this
// order: transitions after messages, so the messages of the same batch are in place when they are
// judged; traffic while OPEN after them, against the state they leave; the unreported-trip replay last, so
// a trip reported in the same batch counts as reported.
const PROJECTION: ProjectionStep[] = [
  projectionStep(EVENT_TYPE.messageValidated, projectMessages),
  projectionStep(EVENT_TYPE.memoryWrite, projectMemoryWrites),
  projectionStep(EVENT_TYPE.memoryRead, projectMemoryReads),
  projectionStep(EVENT_TYPE.policyViolation, projectViolations),
  projectionStep(EVENT_TYPE.breakerTransition, projectTransitions),
  projectionStep(EVENT_TYPE.messageValidated, projectTrafficWhileOpen),
  projectionStep(EVENT_TYPE.messageValidated, projectUnreportedTrips),
];

/** A checked event and the compact JWS it came in, stored verbatim. */
export type SignedEvent = CheckedEvent & { jws: string };

type StoreJob = { events: SignedEvent[]; policy: TPolicy; now: Date };

/** A group holds at most this many events: concurrent batches share a transaction up to here. */
const MAX_GROUP_EVENTS = 2_000;
// Groups stored at once: on PostgreSQL FIREBREAK_PG_INGEST_LANES, each on a connection of its own (a
// transaction still waits on a few round trips, which another can overlap); SQLite's take turns on its one
// connection.
const lanes = () => (dbProvider() === "postgresql" ? config().FIREBREAK_PG_INGEST_LANES : 1);

const groups = new GroupCommit<StoreJob, StoreOutcome[]>(storeGroup, MAX_GROUP_EVENTS, (job) => job.events.length, lanes);

/**
 * Stores checked events idempotently on (source, id) and updates the derived tables, all in one
 * transaction committed before this returns — shared with the batches of other requests that arrive
 * while the previous transaction runs (group commit). One outcome per input, in order.
 */
export function storeEvents(events: SignedEvent[], policy: TPolicy, now: Date): Promise<StoreOutcome[]> {
  return groups.submit({ events, policy, now });
}

// The jobs of a group as one list of events, in arrival order: a repeat across two requests counts as it
// would had they come one after the other. Received at the newest job's time, under the newest policy.
async function storeGroup(jobs: StoreJob[]): Promise<StoreOutcome[][]> {
  const last = jobs.reduce((a, b) => (b.now > a.now ? b : a));
  const outcomes = await storeInOneTransaction(jobs.flatMap((j) => j.events), jobs[jobs.length - 1].policy, last.now);
  let from = 0;
  return jobs.map((j) => outcomes.slice(from, (from += j.events.length)));
}

async function storeInOneTransaction(events: SignedEvent[], policy: TPolicy, now: Date): Promise<StoreOutcome[]> {
  const outcomes: StoreOutcome[] = new Array(events.length);
  const firstByKey = new Map<string, number>();
  const laterRepeats: number[] = [];
  events.forEach((e, i) => {
    if (firstByKey.has(keyOf(e))) laterRepeats.push(i);
    else firstByKey.set(keyOf(e), i);
  });
  // What is stored under each key once the batch is in: the first occurrence's payload or the older one.
  const storedHash = new Map<string, string>();
  const candidates = [...firstByKey.values()];
  const changes: BusMessage[] = [];
  // The hot path: on SQLite a raw driver transaction, shared by the batches of one group commit.
  await transaction(async (tx) => {
    const inserted = await insertRows<{ seq: number | bigint; source: string; eventId: string }>(
      tx, "Event", ["source", "eventId", "type", "time", "receivedAt", "kid", "payloadHash", "jws", "boundaryId", "outcome", "subjectId"],
      candidates.map((i) => {
        const e = events[i];
        const f = eventFacets(e.type, e.data);
        const boundary = f.boundary ? boundaryId(f.boundary.sender, f.boundary.receiver) : null;
        return [e.source, e.id, e.type, e.time, now, e.kid, e.payloadHash, e.jws, boundary, f.outcome, f.subjectId];
      }),
      { ignoreConflicts: true, returning: ["seq", "source", "eventId"], rowid: "seq" },
    );
    const seqByKey = new Map(inserted.map((r) => [keyOf({ source: r.source, id: r.eventId }), Number(r.seq)]));
    const stored: StoredEvent[] = [];
    const repeats: number[] = [];
    for (const i of candidates) {
      const seq = seqByKey.get(keyOf(events[i]));
      if (seq === undefined) repeats.push(i);
      else {
        outcomes[i] = "accepted";
        storedHash.set(keyOf(events[i]), events[i].payloadHash);
        stored.push({ ...events[i], seq });
      }
    }
    await classifyRepeats(tx, events, repeats, outcomes, storedHash);
    const tripChecks = planTripChecks(stored, now);
    await lockBatch(stored, now, [...tripChecks.values()].map((c) => c.receiver));
    const ctx = { tx, now, policy, changes, tripChecks }; // one for the batch's steps (checked-boundaries.ts reads by it)
    for (const step of PROJECTION) await step(ctx, stored);
  }, { path: "driver" });
  for (const i of laterRepeats) outcomes[i] = storedHash.get(keyOf(events[i])) === events[i].payloadHash ? "duplicate" : "id_conflict";
  for (const m of changes) publish(m);
  return outcomes;
}

// A (source, id) already stored: the same payload is a duplicate, a different one an id conflict.
async function classifyRepeats(
  tx: Tx,
  events: CheckedEvent[],
  repeats: number[],
  outcomes: StoreOutcome[],
  storedHash: Map<string, string>,
) {
  if (repeats.length === 0) return;
  const hashByKey = await findStoredHashes(tx, repeats.map((i) => events[i]));
  for (const [key, hash] of hashByKey) storedHash.set(key, hash);
  for (const i of repeats) outcomes[i] = hashByKey.get(keyOf(events[i])) === events[i].payloadHash ? "duplicate" : "id_conflict";
}
