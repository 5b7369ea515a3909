import { z } from "zod";
import { EVENT_OUTCOMES } from "./event-facets.ts";
import { EVENT_TYPES } from "./events.ts";
import { MAX_PAGE, optional, RANGE_PROBLEM, rangeInOrder, ZInstant, ZLimit, ZSeqCursor } from "./list-query.ts";

/** The most events one page of the events list holds. */
export const MAX_EVENTS_PAGE = MAX_PAGE;

/**
 * The filters of the events list, as query parameters (the people's API and the Events page share them).
 * `type` takes the full name or the short one (`message.validated`); a blank parameter means no filter.
 */
export const ZEventQuery = z
  .strictObject({
    agent: optional(z.string().max(200)),
    type: optional(z.string().transform((t) => (t.startsWith("firebreak.") ? t : `firebreak.${t}`)).pipe(z.enum(EVENT_TYPES))),
    boundary: optional(z.string().max(200)),
    outcome: optional(z.enum(EVENT_OUTCOMES)),
    from: optional(ZInstant),
    to: optional(ZInstant),
    cursor: optional(ZSeqCursor),
    limit: optional(ZLimit),
  })
  .refine(rangeInOrder, RANGE_PROBLEM);
/** Parsed filters of the events list. */
export type TEventQuery = z.infer<typeof ZEventQuery>;

/** One event as the list shows it. */
export const ZEventSummary = z.object({
  seq: z.number(),
  id: z.string(),
  type: z.string(),
  source: z.string(),
  time: z.string(),
  receivedAt: z.string(),
  kid: z.string(),
  boundaryId: z.string().nullable(),
  outcome: z.string().nullable(),
  subjectId: z.string().nullable(),
});
/** One event as the list shows it. */
export type TEventSummary = z.infer<typeof ZEventSummary>;

/** The answer of GET /api/v1/events: newest first; pass nextCursor back as `cursor` for the next page. */
export const ZEventsPage = z.object({ events: z.array(ZEventSummary), nextCursor: z.string().nullable() });
/** One page of the events list. */
export type TEventsPage = z.infer<typeof ZEventsPage>;
