import "server-only";
import { collectPages } from "../db/page.ts";
import { toCsv, type CsvColumn } from "./csv.ts";

/** The most rows one export holds: narrow the filters for more. */
export const MAX_EXPORT_ROWS = 50_000;

/**
 * A list as a download: CSV through the one CSV writer, or JSON as `{ <name>: rows }` (the list's own shape).
 * The file is named after the list and the moment it was taken.
 */
export function exportResponse<R>(opts: { format: "csv" | "json"; name: string; rows: R[]; columns: CsvColumn<R>[]; now?: Date }): Response {
  const stamp = (opts.now ?? new Date()).toISOString().slice(0, 19).replaceAll(":", "");
  const file = `firebreak-${opts.name}-${stamp}.${opts.format}`;
  const headers = { "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" };
  if (opts.format === "csv") return new Response(toCsv(opts.rows, opts.columns), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
  return new Response(JSON.stringify({ [opts.name]: opts.rows }), { headers: { ...headers, "content-type": "application/json" } });
}

/**
 * A list route's answer: one page as JSON, or with `format` every matching row (read a page at a time through
 * the list's own cursor, up to MAX_EXPORT_ROWS) as a download.
 */
export async function listOrExport<Q extends { format?: "csv" | "json"; cursor?: C; limit?: number }, C, P extends { nextCursor: string | null }, R>(
  query: Q,
  opts: { name: string; find: (query: Q) => Promise<P>; rows: (page: P) => R[]; parseCursor: (cursor: string) => C; columns: CsvColumn<R>[] },
): Promise<Response> {
  if (!query.format) return Response.json(await opts.find(query));
  const rows = await collectPages(async (cursor) => {
    const page = await opts.find({ ...query, limit: 500, cursor: cursor ? opts.parseCursor(cursor) : query.cursor });
    return { rows: opts.rows(page), nextCursor: page.nextCursor };
  }, MAX_EXPORT_ROWS);
  return exportResponse({ format: query.format, name: opts.name, rows, columns: opts.columns });
}
