import "server-only";
import type { CsvColumn } from "../http/csv.ts";
import type { AuditEntryView } from "./find-audit-entries.ts";

/** The audit export's columns: the raw references and their readable names, before and after as JSON. */
export const AUDIT_COLUMNS: CsvColumn<AuditEntryView>[] = [
  { header: "seq", value: (e) => e.seq },
  { header: "time", value: (e) => e.createdAt },
  { header: "actor", value: (e) => e.actor },
  { header: "actor name", value: (e) => e.actorName.label },
  { header: "action", value: (e) => e.action },
  { header: "subject", value: (e) => e.subject },
  { header: "subject name", value: (e) => e.subjectName.label },
  { header: "before", value: (e) => e.before },
  { header: "after", value: (e) => e.after },
  { header: "hash", value: (e) => e.hash },
];
