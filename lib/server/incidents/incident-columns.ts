import "server-only";
import type { CsvColumn } from "../http/csv.ts";
import type { IncidentView } from "./find-incidents.ts";

/** The incidents export's columns. */
export const INCIDENT_COLUMNS: CsvColumn<IncidentView>[] = [
  { header: "id", value: (i) => i.id },
  { header: "time", value: (i) => i.createdAt },
  { header: "type", value: (i) => i.type },
  { header: "boundary", value: (i) => (i.boundaryId ? `${i.sender} → ${i.receiver}` : "") },
  { header: "boundary id", value: (i) => i.boundaryId },
  { header: "detail", value: (i) => i.detail },
  { header: "status", value: (i) => i.status },
  { header: "status changed by", value: (i) => i.statusChangedBy },
  { header: "status changed at", value: (i) => i.statusChangedAt },
  { header: "status comment", value: (i) => i.statusComment },
];
