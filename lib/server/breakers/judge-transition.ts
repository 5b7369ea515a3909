import "server-only";
import { isLegalTransition, type TBreakerStateName } from "../../domain/breaker.ts";
import type { BusMessage } from "../bus.ts";
import type { Tx } from "../db/tx.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import { spendApproval } from "../reviews/spend-approval.ts";
import { resolveUnreportedTrip } from "./resolve-unreported-trip.ts";

export type JudgeOptions = {
  boundary: { id: string; sender: string; receiver: string; state: string; epoch: number; updatedAt: Date };
  report: { from: string; to: string; seq: number; approvalId?: string };
  at: Date;
  now: Date;
  changes: BusMessage[];
};

/**
 * The server does not take an agent's word for it: a move into HALF_OPEN must spend a valid approval
 * (else a gate_bypass incident), and any other move must be legal from the state the server mirrors
 * (else an illegal_transition incident). Either way the report is stored as what happened. A trip reported
 * from CLOSED vindicates the replay: the stretch's unreported_trip incident, if any, is resolved.
 */
export async function judgeTransition(tx: Tx, opts: JudgeOptions): Promise<void> {
  const { boundary, report, changes } = opts;
  const mirrored = boundary.state as TBreakerStateName;
  const to = report.to as TBreakerStateName;
  const where = `${boundary.sender} → ${boundary.receiver}`;
  if (to === "HALF_OPEN" && mirrored !== "HALF_OPEN") {
    const gate = await spendApproval(tx, {
      boundary, approvalId: report.approvalId ?? null, at: opts.at, now: opts.now, actor: `agent:${boundary.receiver}`, changes,
    });
    if (gate.ok) return;
    await raiseIncident(tx, {
      type: "gate_bypass", boundaryId: boundary.id, changes,
      detail: `${boundary.receiver} reported ${report.from} → HALF_OPEN on ${where} (seq ${report.seq}) without a valid approval: ${gate.why}`,
    });
    return;
  }
  if (to === "OPEN" && mirrored === "CLOSED") {
    await resolveUnreportedTrip(tx, { boundary, report, now: opts.now, changes });
    return;
  }
  if (!isLegalTransition(mirrored, to)) {
    await raiseIncident(tx, {
      type: "illegal_transition", boundaryId: boundary.id, changes,
      detail: `${boundary.receiver} reported ${report.from} → ${to} on ${where} (seq ${report.seq}) while the boundary was ${mirrored}`,
    });
  }
}
