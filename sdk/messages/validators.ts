import type { TMessage } from "./envelope.ts";

/** A validator's verdict: ok or not (with a reason), and an anomaly score in [0, 1] (default 0). */
export type TValidation = { ok: boolean; reason?: string; anomalyScore?: number };

/** A caller's check of a verified message (its body, chain, parents). */
export type TValidator = (message: TMessage) => TValidation | Promise<TValidation>;

/** The combined verdict of all validators: every reason, the highest anomaly score. */
export type TVerdict = { ok: boolean; reasons: string[]; anomalyScore: number };

const clamp = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
/** A reason as the wire takes it: 1 to 500 characters. */
export const reasonText = (s: string) => (s.trim() || "rejected").slice(0, 500);

/** Runs every validator (a throwing one counts as a rejection) and combines their verdicts. */
export async function runValidators(message: TMessage, validators: readonly TValidator[]): Promise<TVerdict> {
  const verdict: TVerdict = { ok: true, reasons: [], anomalyScore: 0 };
  for (const validate of validators) {
    let v: TValidation;
    try {
      v = await validate(message);
    } catch (err) {
      v = { ok: false, reason: `validator failed: ${(err as Error).message}` };
    }
    verdict.anomalyScore = Math.max(verdict.anomalyScore, clamp(v.anomalyScore));
    if (!v.ok) {
      verdict.ok = false;
      verdict.reasons.push(reasonText(v.reason ?? "rejected by a validator"));
    }
  }
  verdict.reasons = verdict.reasons.slice(0, 50);
  return verdict;
}
