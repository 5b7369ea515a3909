import "server-only";
/** One column of a CSV export: its header and how to read the cell from a row. */
export type CsvColumn<R> = { header: string; value: (row: R) => unknown };

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): prefixed with ' so it stays text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as RFC 4180 text: quoted when it holds a comma, quote or line break; formulas defused. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV (RFC 4180: CRLF line ends, a header line first); objects become their JSON. */
export function toCsv<R>(rows: readonly R[], columns: readonly CsvColumn<R>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
