// What the server finds wrong in a reported breaker transition (docs/breaker-mirror.md): pure, so the one-by-one
// projection (server/breakers/judge-seq.ts, judge-transition.ts) and the set-wise one (project-transition-set.ts)
// raise the same incidents with the same words.
import { isLegalTransition, type TBreakerStateName } from "./breaker.ts";

/** More transitions than this skipped at once is not an agent losing a few reports: a seq_jump incident. */
export const MAX_SEQ_STEP = 100;

export type TMirroredBoundary = { sender: string; receiver: string; state: string; lastSeq: number };
export type TReportedMove = { seq: number; from: string; to: string };
export type TFinding = { type: "seq_jump" | "stale_transition" | "illegal_transition"; detail: string };

const where = (b: TMirroredBoundary) => `${b.sender} → ${b.receiver}`;

/**
 * A report that jumps far ahead, or an older one claiming the boundary left OPEN while the server shows it OPEN
 * (an agent resuming traffic behind old seqs). An honest late report that only says OPEN is no finding.
 */
export function seqFindings(b: TMirroredBoundary, r: TReportedMove, applied: boolean): TFinding[] {
  const found: TFinding[] = [];
  if (applied && r.seq > Math.max(b.lastSeq, 0) + MAX_SEQ_STEP) {
    found.push({
      type: "seq_jump",
      detail: `${b.receiver} reported seq ${r.seq} (${r.from} → ${r.to}) on ${where(b)}; the last was ${b.lastSeq}: more than ${MAX_SEQ_STEP} transitions skipped`,
    });
  }
  if (!applied && b.state === "OPEN" && r.to !== "OPEN") {
    found.push({
      type: "stale_transition",
      detail: `${b.receiver} reported seq ${r.seq} (${r.from} → ${r.to}) on ${where(b)}, not newer than the last (${b.lastSeq}), while the server shows OPEN: stored, not applied`,
    });
  }
  return found;
}

/** Whether a move must spend a person's approval (into HALF_OPEN from anything else). */
export const needsApproval = (mirrored: string, to: string) => to === "HALF_OPEN" && mirrored !== "HALF_OPEN";

/** A move the mirrored state does not allow (one needing an approval is judged by the gate instead). */
export function illegalMove(b: TMirroredBoundary, r: TReportedMove): TFinding | null {
  if (needsApproval(b.state, r.to) || isLegalTransition(b.state as TBreakerStateName, r.to as TBreakerStateName)) return null;
  return {
    type: "illegal_transition",
    detail: `${b.receiver} reported ${r.from} → ${r.to} on ${where(b)} (seq ${r.seq}) while the boundary was ${b.state}`,
  };
}

/** The words of a gate_bypass: a move into HALF_OPEN without a valid approval, and why it was not. */
export function gateBypassDetail(b: TMirroredBoundary, r: TReportedMove, why: string): string {
  return `${b.receiver} reported ${r.from} → HALF_OPEN on ${where(b)} (seq ${r.seq}) without a valid approval: ${why}`;
}
