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
