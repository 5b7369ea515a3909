import "server-only";
import type { z } from "zod";
import type { EVENT_DATA_SCHEMAS, TEventType } from "../../domain/events.ts";
import type { TPolicy } from "../../domain/policy.ts";
import type { BusMessage } from "../bus.ts";
import type { TripChecks } from "../breakers/project-unreported-trips.ts";
import type { Tx } from "../db/tx.ts";
import type { CheckedEvent } from "../ingest/check-event.ts";

/** The data of an event of type T, as the domain's schema for T gives it (lib/domain/event-data.ts). */
export type TEventData<T extends TEventType> = z.output<(typeof EVENT_DATA_SCHEMAS)[T]>;

/** An event of type T stored in this batch, with its row number in the Event table. */
export type StoredEvent<T extends TEventType = TEventType> = Omit<CheckedEvent, "type" | "data"> & { type: T; data: TEventData<T>; seq: number };

/**
 * What a projector gets: the transaction the events were stored in, where to note what changed, and the
 * boundaries the unreported-trip replay looks at (planned, and their receivers locked, before any step).
 */
export type ProjectionContext = { tx: Tx; now: Date; policy: TPolicy; changes: BusMessage[]; tripChecks: TripChecks };

/** Updates derived tables for newly stored events of type T, in the same transaction. */
export type Projector<T extends TEventType> = (ctx: ProjectionContext, events: StoredEvent<T>[]) => Promise<void>;

/** One step of the projection: the stored events of one type, handed to its projector (none: nothing runs). */
export type ProjectionStep = (ctx: ProjectionContext, stored: StoredEvent[]) => Promise<void>;

/**
 * A step running `project` over the stored events of `type`. check-event.ts built each event's data with
 * the schema of its type, so selecting by type is what narrows the data.
 */
export function projectionStep<T extends TEventType>(type: T, project: Projector<T>): ProjectionStep {
  const isOfType = (e: StoredEvent): e is StoredEvent<T> => e.type === type;
  return async (ctx, stored) => {
    const ofType = stored.filter(isOfType);
    if (ofType.length) await project(ctx, ofType);
  };
}
