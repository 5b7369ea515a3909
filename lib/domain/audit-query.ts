import { z } from "zod";
import { listFields, optional, RANGE_PROBLEM, rangeInOrder, ZSeqCursor } from "./list-query.ts";
import { actorFilter } from "./audit-ref.ts";

/**
 * The audit list's filters as query parameters (the page and `GET /api/v1/audit` share them): the actor
 * (an email means that person), the action (`review` means every `review.*`), the subject (`boundary:bnd_1`),
 * free text over those three, a time range, a cursor, a page size and an optional export format.
 */
export const ZAuditQuery = z
  .strictObject({
    actor: optional(z.string().max(300).transform(actorFilter)),
    action: optional(z.string().max(100)),
    subject: optional(z.string().max(300)),
    q: optional(z.string().trim().min(1).max(200)),
    ...listFields(ZSeqCursor),
  })
  .refine(rangeInOrder, RANGE_PROBLEM);
/** Parsed filters of the audit list. */
export type TAuditQuery = z.infer<typeof ZAuditQuery>;
