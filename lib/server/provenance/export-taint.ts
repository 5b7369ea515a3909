import "server-only";
import { attachment, toCsv } from "../http/csv.ts";
import type { TaintReport } from "./trace-taint.ts";

/** One reached node of a taint report, as a row of its export. */
export type TaintRow = { kind: "record" | "message"; id: string; agentId: string | null; depth: number };

/** The reached records then messages, nearest first: the rows of a taint export. */
export function taintRows(report: TaintReport): TaintRow[] {
  return [
    ...report.records.map((r) => ({ kind: "record" as const, ...r })),
    ...report.messages.map((m) => ({ kind: "message" as const, ...m })),
  ];
}

/** A taint report as a download: CSV (one line per reached record or message) or the JSON report itself. */
export function exportTaint(report: TaintReport, format: "csv" | "json", name: string): Response {
  const stem = `taint-${name}`;
  if (format === "json") return attachment(JSON.stringify(report, null, 2), `${stem}.json`, "application/json; charset=utf-8");
  return attachment(toCsv(taintRows(report), ["kind", "id", "agentId", "depth"]), `${stem}.csv`, "text/csv; charset=utf-8");
}
