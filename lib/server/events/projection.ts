import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import type { TPolicy } from "../../domain/policy.ts";
import type { CheckedEvent } from "../ingest/check-event.ts";

/** An event stored in this batch, with its row number in the Event table. */
export type StoredEvent = CheckedEvent & { seq: number };

/** What a projector gets: the transaction the events were stored in, and where to note what changed. */
export type ProjectionContext = { tx: Tx; now: Date; policy: TPolicy; changes: BusMessage[] };

/** Updates derived tables for newly stored events of one type, in the same transaction. */
export type Projector = (ctx: ProjectionContext, events: StoredEvent[]) => Promise<void>;
