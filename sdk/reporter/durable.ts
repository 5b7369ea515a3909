import { EVENT_TYPE } from "../../lib/domain/events.ts";
import type { TOutgoingEvent } from "./cloud-event.ts";

/**
 * Whether an event reports a change of breaker state. Its loss would leave a boundary OPEN with no review for
 * a person to approve, so the queue never drops it for room and a journal saves it before the reporter returns.
 */
export const isStateChange = (event: Pick<TOutgoingEvent, "type">): boolean => event.type === EVENT_TYPE.breakerTransition;

/** Where a reporter keeps its queue across restarts (the sidecar keeps it beside its breaker states). */
export type TReportJournal = {
  /** An event joined the queue; when `mustSave` is true it is on disk when this returns. */
  queued(event: TOutgoingEvent, mustSave: boolean): void;
  /** Events left the queue (delivered, refused or dropped): the saved copy may follow at leisure. */
  settled(): void;
};

/** The CloudEvents extension attribute that keeps the first `time` of a re-dated event (the server keeps it as it is). */
export const FIRST_TIME_ATTRIBUTE = "firebreakfirsttime";

/**
 * The same event (same id) dated `now`: the server refuses an event whose time is further from its clock
 * than its window (clock_skew), and a report that waited out an outage or a restart must still arrive. The
 * first time travels in an extension attribute. Should the server already hold the first version, it answers
 * id_conflict, which for a re-dated event means "stored before" (see isStoredBefore).
 */
export function redated(event: TOutgoingEvent, now: number): TOutgoingEvent {
  return { ...event, time: new Date(now).toISOString(), [FIRST_TIME_ATTRIBUTE]: event[FIRST_TIME_ATTRIBUTE] ?? event.time };
}

/** Whether a refusal of `event` says the server already stored an earlier version of it (a re-dated event's id_conflict). */
export const isStoredBefore = (event: TOutgoingEvent, code: string): boolean => code === "id_conflict" && event[FIRST_TIME_ATTRIBUTE] !== undefined;

// A clock_skew refusal is worth a re-dated try only when the event waited here (our clock is not the problem).
const WAITED_MS = 30_000;

/** Whether a clock_skew refusal of a breaker report came from its waiting in the queue: then it is re-sent re-dated. */
export const isWorthRedating = (event: TOutgoingEvent, code: string, now: number): boolean =>
  code === "clock_skew" && isStateChange(event) && now - Date.parse(event.time) > WAITED_MS;

/** The queue position to drop when the queue is full: the oldest event that changes no breaker state (else the oldest). */
export function dropIndex(queue: readonly { event: TOutgoingEvent }[]): number {
  const i = queue.findIndex((item) => !isStateChange(item.event));
  return i < 0 ? 0 : i;
}
