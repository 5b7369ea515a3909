import "server-only";
import type { TBreakerTransitionData } from "../../domain/events.ts";
import { seqFindings } from "../../domain/transition-findings.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";

export { MAX_SEQ_STEP } from "../../domain/transition-findings.ts";

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
 * seqs), is stored as what happened and raises an incident (lib/domain/transition-findings.ts).
 */
export async function judgeSeq(tx: Tx, opts: JudgeSeqOptions): Promise<void> {
  for (const f of seqFindings(opts.boundary, opts.report, opts.applied)) {
    await raiseIncident(tx, { type: f.type, boundaryId: opts.boundary.id, changes: opts.changes, detail: f.detail });
  }
}
