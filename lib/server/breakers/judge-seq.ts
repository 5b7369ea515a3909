import "server-only";
import type { TBreakerTransitionData } from "../../domain/events.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";

/** More transitions than this skipped at once is not an agent losing a few reports: a seq_jump incident. */
export const MAX_SEQ_STEP = 100;

export type JudgeSeqOptions = {
  boundary: { id: string; sender: string; receiver: string; state: string; lastSeq: number };
  report: Pick<TBreakerTransitionData, "seq" | "from" | "to">;
  /** Whether the report's seq is newer than the boundary's, so it moves the mirror. */
  applied: boolean;
  changes: BusMessage[];
};

/**
 * A transition's seq says where it sits in the breaker's history. A report that jumps far ahead, or an older
 * one claiming the boundary left OPEN while the server shows it OPEN (an agent resuming traffic behind old
 * seqs), is stored as what happened and raises an incident; an honest late report that only says OPEN does not.
 */
export async function judgeSeq(tx: Tx, opts: JudgeSeqOptions): Promise<void> {
  const { boundary: b, report: r, changes } = opts;
  const where = `${b.sender} → ${b.receiver}`;
  if (opts.applied && r.seq > Math.max(b.lastSeq, 0) + MAX_SEQ_STEP) {
    await raiseIncident(tx, {
      type: "seq_jump", boundaryId: b.id, changes,
      detail: `${b.receiver} reported seq ${r.seq} (${r.from} → ${r.to}) on ${where}; the last was ${b.lastSeq}: more than ${MAX_SEQ_STEP} transitions skipped`,
    });
  }
  if (!opts.applied && b.state === "OPEN" && r.to !== "OPEN") {
    await raiseIncident(tx, {
      type: "stale_transition", boundaryId: b.id, changes,
      detail: `${b.receiver} reported seq ${r.seq} (${r.from} → ${r.to}) on ${where}, not newer than the last (${b.lastSeq}), while the server shows OPEN: stored, not applied`,
    });
  }
}
