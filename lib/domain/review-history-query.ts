import { z } from "zod";
import { listFields, optional, RANGE_PROBLEM, rangeInOrder, ZTimeIdCursor } from "./list-query.ts";

/** How a review left the queue: approved, rejected, voided by a re-trip, or expired unused. */
export const REVIEW_OUTCOMES = ["approved", "rejected", "void", "expired"] as const;

/**
 * The review history's filters (the Reviews page and `GET /api/v1/reviews?status=decided` share them):
 * the boundary, the decision, a reviewer (email or id), words in a comment, when it was queued, a cursor,
 * a page size and an optional export format.
 */
export const ZReviewHistoryQuery = z
  .object({
    review: optional(z.string().max(200)), // one review by id: where the audit log links a review
    boundary: optional(z.string().max(200)),
    decision: optional(z.enum(REVIEW_OUTCOMES)),
    reviewer: optional(z.string().trim().max(300)),
    q: optional(z.string().trim().min(1).max(200)),
    ...listFields(ZTimeIdCursor),
  })
  .refine(rangeInOrder, RANGE_PROBLEM);
/** Parsed filters of the review history. */
export type TReviewHistoryQuery = z.output<typeof ZReviewHistoryQuery>;
