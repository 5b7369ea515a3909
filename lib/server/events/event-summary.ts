import "server-only";
import type { TEventSummary } from "../../domain/event-query.ts";

type EventRow = {
  seq: number; eventId: string; type: string; source: string; time: Date; receivedAt: Date; kid: string;
  boundaryId: string | null; outcome: string | null; subjectId: string | null;
};

/** The columns of an Event row the list shows. */
export const EVENT_SUMMARY_SELECT = {
  seq: true, source: true, eventId: true, type: true, time: true, receivedAt: true, kid: true, boundaryId: true, outcome: true, subjectId: true,
} as const;

/** A stored event as the list and the API show it (its CloudEvents id as `id`, times as ISO text). */
export function toEventSummary(r: EventRow): TEventSummary {
  return {
    seq: r.seq, id: r.eventId, type: r.type, source: r.source, time: r.time.toISOString(), receivedAt: r.receivedAt.toISOString(),
    kid: r.kid, boundaryId: r.boundaryId, outcome: r.outcome, subjectId: r.subjectId,
  };
}
