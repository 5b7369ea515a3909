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

/**
 * The rules a sidecar reports coalesced (refusals of messages it could not verify): such a report's `count` is
 * how many refusals it stands for (docs/sidecar.md#reports-of-messages-that-could-not-be-verified). On the other
 * rules `count` is the number that broke a cap, and a report is one violation.
 */
export const COALESCED_RULES: readonly string[] = ["unsigned_message", "unknown_sender"] satisfies TViolationRule[];

/**
 * How many violations the reports of one rule stand for, from how many reports there are, how many of them carry
 * a `count` and the sum of those counts: on a coalesced rule, each report its count (one without a count is one
 * refusal); on the others, each report one.
 */
export function violationTotal(rule: string, reports: { rows: number; withCount: number; countSum: number }): number {
  return COALESCED_RULES.includes(rule) ? reports.countSum + reports.rows - reports.withCount : reports.rows;
}
