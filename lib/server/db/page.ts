import "server-only";
import { timeIdCursor, type TTimeIdCursor } from "../../domain/list-query.ts";

/** The default number of rows a list page holds. */
export const DEFAULT_PAGE = 50;

/** One page of a list and the cursor of the next (null: this was the last page). */
export type Page<R> = { rows: R[]; nextCursor: string | null };

/**
 * Cuts a page from rows fetched with `take: limit + 1` (the one extra row says whether a next page exists);
 * the next cursor names the last row kept.
 */
export function toPage<R>(rows: R[], limit: number, cursorOf: (row: R) => string): Page<R> {
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: rows.length > limit ? cursorOf(kept[kept.length - 1]) : null };
}

/** The cursor of a row in a list ordered by `createdAt` then `id`, newest first. */
export const createdCursor = (row: { createdAt: Date; id: string }) => timeIdCursor(row.createdAt, row.id);

/** Rows after a time-and-id cursor in a list ordered newest first (older time, or the same time and a smaller id). */
export function olderThan(cursor: TTimeIdCursor | undefined) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] };
}

/** A `createdAt`-style range filter from an optional from/to (both inclusive). */
export function inRange(range: { from?: Date; to?: Date }) {
  if (!range.from && !range.to) return undefined;
  return { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) };
}

/**
 * Every row a filtered list holds, up to `max`, read a page at a time through the list's own cursor:
 * an export sees exactly what paging through the list would.
 */
export async function collectPages<R>(readPage: (cursor: string | undefined) => Promise<Page<R>>, max: number): Promise<R[]> {
  const all: R[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    all.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < max);
  return all.slice(0, max);
}
