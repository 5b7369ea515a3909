/** Rule names of firebreak.policy.violation (docs/architecture.md#caps). */
export const VIOLATION_RULES = ["fan_out", "chain_depth", "rate", "unsigned_message", "unknown_sender", "grant_missing"] as const;

/** A policy.violation rule name. */
export type TViolationRule = (typeof VIOLATION_RULES)[number];

/** A refused check, ready to report as a policy.violation (`count` = the number that broke the limit). */
export type TRefusal = { ok: false; rule: TViolationRule; detail: string; count?: number };

/** Outcome of a pure policy check. */
export type TCheck = { ok: true } | TRefusal;

/** Builds a refusal. */
export function refuse(rule: TViolationRule, detail: string, count?: number): TRefusal {
  return count === undefined ? { ok: false, rule, detail } : { ok: false, rule, detail, count };
}
