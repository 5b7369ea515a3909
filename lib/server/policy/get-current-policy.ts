import "server-only";
import { DEFAULT_POLICY, ZPolicy, type TPolicy } from "../../domain/policy.ts";
import { getDb } from "../db/client.ts";

export type CurrentPolicy = { version: number; policy: TPolicy };

type Cache = { value?: CurrentPolicy; at: number };
const cache = ((globalThis as Record<string, unknown>).__firebreakPolicy ??= { at: 0 }) as Cache;
const TTL_MS = 2_000; // the ingest hot path reads the policy on every batch

/** The policy in force: the newest stored version, or the defaults (version 0) when none was stored. */
export async function getCurrentPolicy(opts: { fresh?: boolean } = {}): Promise<CurrentPolicy> {
  if (!opts.fresh && cache.value && Date.now() - cache.at < TTL_MS) return cache.value;
  const row = await getDb().policyVersion.findFirst({ orderBy: { version: "desc" } });
  const value = row ? { version: row.version, policy: ZPolicy.parse(JSON.parse(row.document)) } : { version: 0, policy: DEFAULT_POLICY };
  cache.value = value;
  cache.at = Date.now();
  return value;
}

/** Forgets the cached policy (after a new version is stored). */
export function forgetCachedPolicy(): void {
  cache.value = undefined;
}
