import "server-only";
import { PolicyParseError, parsePolicy } from "../../domain/policy-yaml.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { orConflict } from "../db/unique-violation.ts";
import { queueDirectiveForAll } from "../directives/queue-directive.ts";
import { dryRunSummaryFor } from "../dry-runs/dry-run-summary.ts";
import { AppError } from "../errors.ts";
import { assertCan, auditActor, type Person } from "../person.ts";
import { forgetCachedPolicy, getCurrentPolicy, type CurrentPolicy } from "./get-current-policy.ts";
import { seedPolicy } from "./seed-policy.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";

/**
 * Stores a new policy version (admin): validated with ZPolicy, every version kept, audited, and every
 * agent told with a policy_updated directive. Two edits at once: one wins, the other gets 409.
 * Published from a finished dry run of the same document (`dryRunId`), the audit entry carries its summary.
 */
export async function updatePolicy(opts: { document: unknown; user: Person; dryRunId?: string }): Promise<CurrentPolicy> {
  assertCan(opts.user, "policy.edit");
  const policy = toPolicy(() => parsePolicy(opts.document));
  const dryRun = opts.dryRunId === undefined ? undefined : await dryRunSummaryFor({ id: opts.dryRunId, policy });
  await seedPolicy();
  // Not the 2 s cache: another replica (or process) may have stored a version since.
  const before = await getCurrentPolicy({ fresh: true });
  const version = before.version + 1;
  await transaction(async (tx) => {
    await orConflict(() => tx.policyVersion.create({ data: { version, document: JSON.stringify(policy), createdBy: auditActor(opts.user) } }),
      `someone else published policy version ${version} at the same moment; reload it and apply your change to that version`);
    await appendAudit(tx, { actor: auditActor(opts.user), action: "policy.updated", subject: `policy:${version}`, before: before.policy, after: dryRun ? { ...policy, dryRun } : policy });
    await queueDirectiveForAll(tx, { type: "policy_updated", version });
    await emitWebhookEvent(tx, "policy.published", { version, publishedBy: auditActor(opts.user) });
  });
  forgetCachedPolicy();
  return { version, policy };
}

/** Runs a policy parse, turning its path-named issues into a 422. */
export function toPolicy<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof PolicyParseError) throw new AppError("invalid", "the policy is not valid", { problems: err.issues });
    throw err;
  }
}
