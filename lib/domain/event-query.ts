import { z } from "zod";
import { EVENT_OUTCOMES } from "./event-facets.ts";
import { EVENT_TYPES } from "./events.ts";

/** The most events one page of the events list holds. */
export const MAX_EVENTS_PAGE = 500;

const blankIsAbsent = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());
const ZInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

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
    cursor: optional(z.string().regex(/^[1-9][0-9]{0,15}$/, "not a cursor this list handed out").transform(Number)),
    limit: optional(z.coerce.number().int().min(1).max(MAX_EVENTS_PAGE)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "to is before from" });
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
