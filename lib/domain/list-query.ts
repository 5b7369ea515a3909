import { z } from "zod";

/** The most rows one page of a list (events, audit, incidents, review history) holds. */
export const MAX_PAGE = 500;

const blankIsAbsent = (v: unknown) => (v === "" ? undefined : v);

/** A query parameter that may be left out or blank (a blank form field means "no filter"). */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());

/** An instant with its offset, as the address and the API carry it. */
export const ZInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** The cursor of a list ordered by a row number: the last number of the previous page. */
export const ZSeqCursor = z.string().regex(/^[1-9][0-9]{0,15}$/, "not a cursor this list handed out").transform(Number);

/** The cursor of a list ordered by time then id: `<ms>_<id>` of the last row of the previous page. */
export const ZTimeIdCursor = z
  .string()
  .regex(/^[0-9]{1,15}_[A-Za-z0-9_-]{1,100}$/, "not a cursor this list handed out")
  .transform((s) => {
    const at = s.indexOf("_");
    return { at: new Date(Number(s.slice(0, at))), id: s.slice(at + 1) };
  });
/** A decoded time-and-id cursor. */
export type TTimeIdCursor = z.output<typeof ZTimeIdCursor>;

/** The cursor handed out for a row ordered by time then id. */
export const timeIdCursor = (at: Date, id: string) => `${at.getTime()}_${id}`;

/** How many rows a page holds (1–500). */
export const ZLimit = z.coerce.number().int().min(1).max(MAX_PAGE);

/** An export's format: `csv` or `json` as a download. */
export const ZFormat = z.enum(["csv", "json"]);

/** The fields every list shares: a time range, a cursor, a page size and an optional export format. */
export const listFields = <C extends z.ZodType>(cursor: C) => ({
  from: optional(ZInstant),
  to: optional(ZInstant),
  cursor: optional(cursor),
  limit: optional(ZLimit),
  format: optional(ZFormat),
});

/** A time range whose end is not before its start. */
export const rangeInOrder = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from <= q.to;
/** The refinement message and path for `rangeInOrder`. */
export const RANGE_PROBLEM = { path: ["to"], message: "to is before from" };
