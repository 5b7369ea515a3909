import { randomBytes } from "node:crypto";
import { DEFAULT_POLICY, type TPolicy } from "../../lib/domain/policy.ts";
import type { TRole } from "../../lib/domain/permissions.ts";
import { appendAudit } from "../../lib/server/audit/append-audit.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { setPassword } from "../../lib/server/users/set-password.ts";

export type DemoLogin = { role: TRole; email: string; password: string };

const ACTOR = "cli:demo";

/**
 * The demo's policy: the default policy (docs/architecture.md#policy) with a 30 s reset timeout and cooldown, so a reviewer's approval
 * is followed by a probe within the minute. Stored as version 1 only on a fresh database.
 */
export function demoPolicy(): TPolicy {
  const p = structuredClone(DEFAULT_POLICY) as TPolicy;
  p.breaker.reset_timeout_s = 30;
  p.fan_out.cooldown_after_trip_s = 30;
  return p;
}

/** Seeds the demo policy when no policy was stored yet; returns the version in force. */
export async function seedDemoPolicy(): Promise<number> {
  const db = getDb();
  const latest = await db.policyVersion.findFirst({ orderBy: { version: "desc" } });
  if (latest) return latest.version;
  await transaction(async (tx) => {
    await tx.policyVersion.create({ data: { version: 1, document: JSON.stringify(demoPolicy()), createdBy: ACTOR } });
    await appendAudit(tx, { actor: ACTOR, action: "policy.seeded", subject: "policy:1", after: { version: 1, note: "demo: 30 s cooldown" } });
  });
  return 1;
}

/** One user per role with a fresh generated password each run (printed once by the demo). */
export async function seedDemoUsers(): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const role of ["reviewer", "security", "admin"] as const) {
    const email = `${role}@firebreak.local`;
    const password = randomBytes(9).toString("base64url");
    const exists = await getDb().user.findUnique({ where: { email } });
    if (exists) await setPassword({ email, password, actor: ACTOR });
    else await createUser({ email, name: `Demo ${role}`, password, role, actor: ACTOR });
    logins.push({ role, email, password });
  }
  return logins;
}
