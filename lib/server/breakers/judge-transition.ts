import "server-only";
import { gateBypassDetail, illegalMove, needsApproval } from "../../domain/transition-findings.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import { spendApproval } from "../reviews/spend-approval.ts";

export type JudgeOptions = {
  boundary: { id: string; sender: string; receiver: string; state: string; epoch: number; lastSeq: number };
  report: { from: string; to: string; seq: number; approvalId?: string };
  at: Date;
  now: Date;
  changes: BusMessage[];
};

/**
 * The server does not take an agent's word for it: a move into HALF_OPEN must spend a valid approval
 * (else a gate_bypass incident), and any other move must be legal from the state the server mirrors
 * (else an illegal_transition incident). Either way the report is stored as what happened.
 */
export async function judgeTransition(tx: Tx, opts: JudgeOptions): Promise<void> {
  const { boundary, report, changes } = opts;
  if (needsApproval(boundary.state, report.to)) {
    const gate = await spendApproval(tx, {
      boundary, approvalId: report.approvalId ?? null, at: opts.at, now: opts.now, actor: `agent:${boundary.receiver}`, changes,
    });
    if (gate.ok) return;
    await raiseIncident(tx, { type: "gate_bypass", boundaryId: boundary.id, changes, detail: gateBypassDetail(boundary, report, gate.why) });
    return;
  }
  const illegal = illegalMove(boundary, report);
  if (illegal) await raiseIncident(tx, { type: illegal.type, boundaryId: boundary.id, changes, detail: illegal.detail });
}
