import { checkFanOut } from "../lib/domain/caps.ts";
import type { TFanOutPolicy } from "../lib/domain/policy.ts";
import { extendChain } from "../lib/domain/provenance.ts";
import type { TCheck } from "../lib/domain/violation.ts";

/** A message delivered to our agent, remembered under its A2A contextId / taskId: its chain and who our agent has told since. */
export type TThread = { messageId: string; chain: readonly string[]; receivers: Set<string>; at: number };

/** Where an outbound message stands: the chain it carries, its parents, and the thread it continues (if any). */
export type TContinuation = { chain: string[]; parents: string[]; thread?: TThread };

const MAX_THREADS = 10_000;

/**
 * The chains of the messages our agent received, by A2A contextId and taskId (the agent is not changed, so this
 * is the only correlation there is: a message our agent sends under a known context continues its chain).
 */
export class Threads {
  private readonly byKey = new Map<string, TThread>();

  constructor(private readonly ttlMs = 3_600_000) {}

  /** Remembers the delivered message `messageId` (chain origin → its sender) under each non-empty key. */
  remember(keys: readonly (string | undefined)[], messageId: string, chain: readonly string[], now: number): void {
    const existing = keys.map((k) => (k ? this.byKey.get(`${k}`) : undefined)).find((t) => t?.messageId === messageId);
    const thread = existing ?? { messageId, chain, receivers: new Set<string>(), at: now };
    for (const k of keys) {
      if (!k) continue;
      this.byKey.delete(k); // re-inserted last: the map's order is the eviction order
      this.byKey.set(k, thread);
    }
    while (this.byKey.size > MAX_THREADS) this.byKey.delete(this.byKey.keys().next().value!);
  }

  /** The thread remembered under the first key that has one (and is not older than the TTL). */
  find(keys: readonly (string | undefined)[], now: number): TThread | undefined {
    for (const k of keys) {
      const t = k ? this.byKey.get(k) : undefined;
      if (t && now - t.at <= this.ttlMs) return t;
    }
    return undefined;
  }

  /** The chain and parents of a message from `self` under `keys`, or a new chain when no thread is known. */
  continuation(self: string, keys: readonly (string | undefined)[], now: number): TContinuation {
    const thread = this.find(keys, now);
    if (!thread) return { chain: [self], parents: [] };
    return { chain: extendChain(thread.chain, self), parents: [thread.messageId], thread };
  }
}

/** Counts `receiver` toward the fan-out of the thread's message; refused (not counted) over max_downstream_per_message. */
export function countFanOut(thread: TThread | undefined, receiver: string, settings: Pick<TFanOutPolicy, "max_downstream_per_message">): TCheck {
  if (!thread || thread.receivers.has(receiver)) return { ok: true };
  const check = checkFanOut([...thread.receivers, receiver], settings);
  if (check.ok) thread.receivers.add(receiver);
  return check;
}
