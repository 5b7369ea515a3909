import "server-only";
import { DEFAULT_POLICY } from "../../domain/policy.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { forgetCachedPolicy, getCurrentPolicy, type CurrentPolicy } from "./get-current-policy.ts";

/**
 * The stored policy in force; stores version 1 from the default policy (DEFAULT_POLICY) first when none exists.
 * `fresh` skips the short cache (what agents fetch after a policy_updated must be that version or newer).
 */
export async function seedPolicy(opts: { actor?: string; fresh?: boolean } = {}): Promise<CurrentPolicy> {
  const current = await getCurrentPolicy({ fresh: opts.fresh });
  if (current.version > 0) return current;
  try {
    await transaction(async (tx) => {
      if (await tx.policyVersion.count()) return;
      await tx.policyVersion.create({ data: { version: 1, document: JSON.stringify(DEFAULT_POLICY), createdBy: opts.actor ?? "firebreak" } });
      await appendAudit(tx, { actor: opts.actor ?? "firebreak", action: "policy.seeded", subject: "policy:1", after: { version: 1 } });
    });
  } catch (err) {
    // Another replica seeded it at the same moment: theirs is the same document.
    if (!isUniqueViolation(err)) throw err;
  }
  forgetCachedPolicy();
  return getCurrentPolicy({ fresh: true });
}
