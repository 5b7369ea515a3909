import "server-only";
import { ZPolicy, type TPolicy } from "../../domain/policy.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { PolicyVersionMeta } from "./find-policy-versions.ts";
import { seedPolicy } from "./seed-policy.ts";

/** One stored policy version with its document. */
export type PolicyVersionView = PolicyVersionMeta & { policy: TPolicy };

/** One stored policy version (the defaults are version 1), or not_found (also for anything that is not a positive integer). */
export async function getPolicyVersion(opts: { version: number }): Promise<PolicyVersionView> {
  await seedPolicy();
  const row = Number.isSafeInteger(opts.version) && opts.version > 0
    ? await getDb().policyVersion.findUnique({ where: { version: opts.version } })
    : null;
  if (!row) throw new AppError("not_found", `no policy version ${opts.version}`);
  return { version: row.version, createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), policy: ZPolicy.parse(JSON.parse(row.document)) };
}
