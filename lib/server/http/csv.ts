import "server-only";
/** One CSV column: a field of the row by name, or a header with a function giving the cell. */
export type CsvColumn<T> = (keyof T & string) | { header: string; value: (row: T) => unknown };

// A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with ' (OWASP: CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as RFC 4180 text: quoted when it holds a comma, quote or line break; formulas defused. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  let text = value instanceof Date ? value.toISOString() : typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as RFC 4180 CSV text: a header line, then one line per row, CRLF line ends, fields holding a comma,
 * quote or line break quoted (quotes doubled). Dates as ISO-8601, objects and arrays as JSON, null empty.
 */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const header = columns.map((c) => csvCell(typeof c === "string" ? c : c.header)).join(",");
  const lines = rows.map((row) => columns.map((c) => csvCell(typeof c === "string" ? row[c] : c.value(row))).join(","));
  return [header, ...lines].join("\r\n") + "\r\n";
}

/** A download response: the body with its type and a Content-Disposition naming the file (ASCII-safe). */
export function attachment(body: string, filename: string, contentType: string): Response {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: { "content-type": contentType, "content-disposition": `attachment; filename="${safe}"` },
  });
}
