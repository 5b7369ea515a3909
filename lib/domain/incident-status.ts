import { z } from "zod";
import { listFields, optional, RANGE_PROBLEM, rangeInOrder, ZTimeIdCursor } from "./list-query.ts";

/** The kinds of incident the server raises (see docs/breaker-mirror.md). */
export const INCIDENT_TYPES = [
  "gate_bypass", "unreported_trip", "flapping", "illegal_transition", "seq_jump", "stale_transition", "traffic_while_open", "review_cap", "webhook_disabled",
] as const;
export type TIncidentType = (typeof INCIDENT_TYPES)[number];

/** Where an incident stands: someone looks at it (acknowledged), then it is dealt with (resolved). */
export const INCIDENT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type TIncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Whether an incident may move from one status to another: only forward (open → acknowledged → resolved,
 * or straight from open to resolved). Going back, or to where it already is, is refused: it means the
 * page was stale, or someone else got there first.
 */
export function canMoveIncident(from: string, to: TIncidentStatus): boolean {
  const at = INCIDENT_STATUSES.indexOf(from as TIncidentStatus);
  return at >= 0 && INCIDENT_STATUSES.indexOf(to) > at;
}

/** Resolving says how it was dealt with; acknowledging may say nothing. */
export const needsComment = (to: TIncidentStatus) => to === "resolved";

/** The body of POST /api/v1/incidents/{id}/status. */
export const ZIncidentStatusBody = z.strictObject({
  status: z.enum(["acknowledged", "resolved"]),
  comment: z.string().max(2000).default(""),
});

/** The incidents list's filters as query parameters (the page and `GET /api/v1/incidents` share them). */
export const ZIncidentQuery = z
  .strictObject({
    status: optional(z.enum(INCIDENT_STATUSES)),
    type: optional(z.string().max(100)),
    boundary: optional(z.string().max(200)),
    // The name the API had before it took filters; kept so existing callers keep working.
    boundaryId: optional(z.string().max(200)),
    q: optional(z.string().trim().min(1).max(200)),
    ...listFields(ZTimeIdCursor),
  })
  .refine(rangeInOrder, RANGE_PROBLEM)
  .transform(({ boundaryId, ...q }) => ({ ...q, boundary: q.boundary ?? boundaryId }));
/** Parsed filters of the incidents list. */
export type TIncidentQuery = z.output<typeof ZIncidentQuery>;
