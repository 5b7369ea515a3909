import "server-only";
import type { CsvColumn } from "../http/csv.ts";
import type { ReviewView } from "./review-view.ts";

const who = (a: ReviewView["approvals"][number]) => (a.name ? `${a.name} <${a.email}>` : (a.email ?? a.userId));

/** The review history export's columns: one row a review, its decisions joined in the order they were made. */
export const REVIEW_COLUMNS: CsvColumn<ReviewView>[] = [
  { header: "id", value: (r) => r.id },
  { header: "boundary", value: (r) => `${r.sender} → ${r.receiver}` },
  { header: "boundary id", value: (r) => r.boundaryId },
  { header: "epoch", value: (r) => r.epoch },
  { header: "kind", value: (r) => r.kind },
  { header: "outcome", value: (r) => r.status },
  { header: "queued", value: (r) => r.createdAt },
  { header: "decided", value: (r) => r.decidedAt },
  { header: "required approvals", value: (r) => r.requiredApprovals },
  { header: "decisions", value: (r) => r.approvals.map((a) => `${who(a)}: ${a.decision}`).join("; ") },
  { header: "comments", value: (r) => r.approvals.map((a) => `${who(a)}: ${a.comment}`).join("; ") },
  { header: "probe used at", value: (r) => r.grant?.usedAt ?? "" },
];
