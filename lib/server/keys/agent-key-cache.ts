import "server-only";
import { changesAgentKeys, subscribe } from "../bus.ts";
import { hearsEveryChange, type Freshness } from "../hears-every-change.ts";
import { lookupAgentKeys, type AgentKeyInfo } from "./agent-keys.ts";

/** Most keys kept (a 10,000-agent fleet with a rotation in progress fits twice over); past it, start again. */
const CAPACITY = 50_000;

type Cache = Freshness & {
  byKid: Map<string, AgentKeyInfo>;
  kidsByAgent: Map<string, Set<string>>;
  /** Bumped on every drop: a lookup that started before one does not store what it read. */
  generation: number;
  unsubscribe?: () => void;
};
const holder = globalThis as { __firebreakAgentKeyCache?: Cache };

function forget(c: Cache, agentId?: string): void {
  c.generation++;
  if (agentId === undefined) {
    c.byKid.clear();
    c.kidsByAgent.clear();
    return;
  }
  for (const kid of c.kidsByAgent.get(agentId) ?? []) c.byKid.delete(kid);
  c.kidsByAgent.delete(agentId);
}

// Every change to a key or its agent (add, revoke, suspend, resume) publishes agent.updated after its commit;
// a reported violation publishes it with reportsOnly, which leaves the keys alone.
function cache(): Cache {
  const c: Cache = (holder.__firebreakAgentKeyCache ??= { byKid: new Map(), kidsByAgent: new Map(), generation: 0 });
  c.unsubscribe ??= subscribe((m) => {
    if (changesAgentKeys(m)) forget(c, m.agentId);
    else if (m.type === "resync") forget(c);
  });
  return c;
}

/**
 * One registered key with its revocation and its agent's status, as lookupAgentKeys reads it, kept in memory
 * on SQLite for the agent request path (a long-polling fleet asks with the same key every 30 s): dropped when
 * the key or its agent changes, or another process commits (docs/scale.md#agent-keys-in-memory); read every
 * time on PostgreSQL. Unknown keys are not kept.
 */
export async function cachedAgentKey(kid: string): Promise<AgentKeyInfo | undefined> {
  const c = cache();
  const usable = hearsEveryChange(c, () => forget(c));
  if (usable) {
    const hit = c.byKid.get(kid);
    if (hit) return hit;
  }
  const generation = c.generation;
  const found = (await lookupAgentKeys([kid])).get(kid);
  if (!usable || !found || generation !== c.generation) return found;
  if (c.byKid.size >= CAPACITY) forget(c);
  c.byKid.set(kid, found);
  let kids = c.kidsByAgent.get(found.agentId);
  if (!kids) c.kidsByAgent.set(found.agentId, (kids = new Set()));
  kids.add(kid);
  return found;
}
