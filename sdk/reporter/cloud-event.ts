import { timeOrderedId } from "../time-ordered-id.ts";
import type { TEventType } from "../../lib/domain/events.ts";

/**
 * A CloudEvents 1.0 event as the SDK reports it; the id is fixed at creation so retries are idempotent.
 * `firebreakfirsttime`: the first time of an event re-dated after a long wait (reporter/durable.ts).
 */
export type TOutgoingEvent = { specversion: "1.0"; id: string; source: string; type: TEventType; time: string; data: Record<string, unknown>; firebreakfirsttime?: string };

/** Builds an event of `type` from `source` at `now` (epoch ms) with a fresh, stable id. */
export function cloudEvent(source: string, type: TEventType, data: Record<string, unknown>, now: number): TOutgoingEvent {
  return { specversion: "1.0", id: `evt-${timeOrderedId()}`, source, type, time: new Date(now).toISOString(), data };
}
