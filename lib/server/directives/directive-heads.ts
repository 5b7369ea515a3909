import "server-only";
import { subscribe } from "../bus.ts";
import { hearsEveryChange, type Freshness } from "../hears-every-change.ts";
import { findDirectives, type DirectiveFeed } from "./find-directives.ts";

/**
 * How long after a directive is announced its agent's head is not remembered: the announcement comes before
 * the commit (queue-directive.ts), and a read in between sees nothing yet. Far longer than a transaction
 * can wait for its lock (10 s on SQLite).
 */
const UNSETTLED_MS = 30_000;
/** Most agents remembered (then start again). */
const CAPACITY = 100_000;

type Heads = Freshness & {
  /** Agent → a cursor after which the database had no directive for it. */
  emptyAfter: Map<string, string>;
  unsettledUntil: Map<string, number>;
  allUnsettledUntil: number;
  /** Bumped on every drop: a read that started before one does not store what it saw. */
  generation: number;
  unsubscribe?: () => void;
};
const holder = globalThis as { __firebreakDirectiveHeads?: Heads };

function dropAll(h: Heads, until = 0) {
  h.generation++;
  h.emptyAfter.clear();
  h.unsettledUntil.clear();
  h.allUnsettledUntil = Math.max(h.allUnsettledUntil, until);
}

function heads(): Heads {
  const h: Heads = (holder.__firebreakDirectiveHeads ??= { emptyAfter: new Map(), unsettledUntil: new Map(), allUnsettledUntil: 0, generation: 0 });
  h.unsubscribe ??= subscribe((m) => {
    const until = Date.now() + UNSETTLED_MS;
    if (m.type === "directives.queued" && m.agentId !== null) {
      h.generation++;
      h.emptyAfter.delete(m.agentId);
      h.unsettledUntil.set(m.agentId, until);
    } else if (m.type === "directives.queued" || m.type === "resync") {
      dropAll(h, until);
    }
  });
  return h;
}

/**
 * findDirectives, answered from memory when this process knows the agent has nothing after the cursor: it
 * read so before, no directive was announced for the agent since, and no other process committed (SQLite
 * only). An idle agent's long poll then costs no database read (docs/scale.md#directive-cursors-in-memory).
 */
export async function findNewDirectives(opts: { agentId: string; after?: string | null }): Promise<DirectiveFeed> {
  const h = heads();
  const after = opts.after ?? "0";
  const fresh = hearsEveryChange(h, () => dropAll(h));
  if (fresh && h.emptyAfter.get(opts.agentId) === after) return { directives: [], cursor: after };
  const generation = h.generation;
  const feed = await findDirectives(opts);
  const now = Date.now();
  const settled = now >= h.allUnsettledUntil && now >= (h.unsettledUntil.get(opts.agentId) ?? 0);
  if (fresh && feed.directives.length === 0 && settled && generation === h.generation) {
    if (h.emptyAfter.size >= CAPACITY) dropAll(h);
    h.unsettledUntil.delete(opts.agentId);
    h.emptyAfter.set(opts.agentId, after);
  }
  return feed;
}
