import "server-only";
import { getDb } from "../db/client.ts";
import { seedPolicy } from "./seed-policy.ts";
import type { PolicyVersionMeta } from "../../domain/views.ts";

export type { PolicyVersionMeta };

/** Stored policy versions, newest first (`before` = a version from the previous page); never empty (the defaults are version 1). */
export async function findPolicyVersions(opts: { before?: number; take?: number } = {}): Promise<PolicyVersionMeta[]> {
  await seedPolicy();
  const rows = await getDb().policyVersion.findMany({
    where: opts.before ? { version: { lt: opts.before } } : {},
    orderBy: { version: "desc" },
    take: Math.min(opts.take ?? 100, 500),
    select: { version: true, createdBy: true, createdAt: true },
  });
  return rows.map((r) => ({ version: r.version, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() }));
}
