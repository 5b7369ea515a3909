import "server-only";
import { randomUUID } from "node:crypto";

/** Request tokens addressed to one replica carry, besides "firebreak", an audience starting with this. */
export const REPLICA_AUDIENCE_PREFIX = "firebreak:replica:";

/** Most token ids one replica remembers at once: past it, replica-addressed tokens are sent to the shared table (421). */
const CAPACITY = 200_000;
/** Expired ids are swept after this many new ones (and whenever the cache is full). */
const SWEEP_EVERY = 5_000;

type Cache = { audience: string; seen: Map<string, number>; sinceSweep: number };
const holder = globalThis as { __firebreakReplayCache?: Cache };

// One per process (every route bundle shares it): a fresh audience on every start, so no token spent before a
// restart, whose memory is gone, can be accepted by the new process.
function cache(): Cache {
  return (holder.__firebreakReplayCache ??= { audience: `${REPLICA_AUDIENCE_PREFIX}${randomUUID()}`, seen: new Map(), sinceSweep: 0 });
}

/** This process's own audience: agents learn it from the `firebreak-replica` header of its answers. */
export function replicaAudience(): string {
  return cache().audience;
}

/**
 * Spends a token id in this replica's memory (tokens addressed to this replica only: no other process accepts
 * them, so this memory is the whole record). "replayed" when seen before; "full" when the cache cannot take
 * another id without forgetting an unexpired one (the caller refuses the token: it is never accepted unseen).
 */
export function spendInMemory(key: string, expiresAtMs: number, nowMs: number): "spent" | "replayed" | "full" {
  const c = cache();
  // A remembered id stays until its token has expired: a replay is refused by this check or by the token's exp.
  if (c.seen.has(key)) return "replayed";
  if (++c.sinceSweep >= SWEEP_EVERY || c.seen.size >= CAPACITY) sweep(c, nowMs);
  if (c.seen.size >= CAPACITY) return "full";
  c.seen.set(key, expiresAtMs);
  return "spent";
}

function sweep(c: Cache, nowMs: number) {
  c.sinceSweep = 0;
  for (const [key, expiresAt] of c.seen) if (expiresAt < nowMs) c.seen.delete(key);
}
