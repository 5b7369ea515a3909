import "server-only";
import type { TRecordedValidation } from "../../domain/dry-run.ts";
import type { TValidationRow, ValidationSource } from "./validation-source.ts";

/** Rows a page holds: a page small enough to die young (20,000 rows outlived the young generation and read 1.5 times slower); memory holds one page, however long the window. */
export const PAGE_SIZE = 2_000;

/**
 * The stored validations of [from, to) in (time, id) order, a page at a time (keyset paging on the
 * (time, id) index), as the driver gives them.
 */
export async function* readValidationPages(
  source: ValidationSource, opts: { from: number; to: number; pageSize?: number },
): AsyncGenerator<TValidationRow[]> {
  const limit = opts.pageSize ?? PAGE_SIZE;
  let after: { at: number; id: number } | null = null;
  for (;;) {
    const rows = await source.page(opts.from, opts.to, after, limit);
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    after = { at: last[1], id: last[0] };
    yield rows;
    if (rows.length < limit) return;
  }
}

/** A validation to fill row after row (the replay keeps nothing of it): one object, not one per row. */
export function recordedValidation(): TRecordedValidation {
  return { at: 0, messageId: "", sender: "", receiver: "", outcome: "accepted", anomalyScore: 0, fanOut: 1, depth: 1, unvalidated: false };
}

/** Fills `v` from a stored row. */
export function fillValidation(v: TRecordedValidation, r: TValidationRow): TRecordedValidation {
  v.at = r[1];
  v.messageId = r[2];
  v.sender = r[3];
  v.receiver = r[4];
  v.outcome = r[5] === 1 ? "rejected" : "accepted";
  v.anomalyScore = r[6];
  v.fanOut = r[7];
  v.depth = r[8];
  v.unvalidated = r[9] === 1;
  return v;
}
