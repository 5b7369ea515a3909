import { AGENT_ID_RE } from "./agent-id.ts";

// Node ids (messages and memory records) follow the shared id rule: non-empty, at most 200 characters.
export { MAX_ID_LENGTH, ZId as ZNodeId } from "./ids.ts";

/** Longest chain the wire format carries (policy caps are lower). */
export const MAX_CHAIN_LENGTH = 64;

/** A provenance edge: `to` was derived from `from` (a parent message/record, or sender → receiver). */
export type TEdge = { from: string; to: string };

/** A node reached by a walk, with its distance from the start. */
export type TReached = { id: string; depth: number };

/** Depth of a chain (origin → sender): the number of agents that handled the message, hops included. */
export function chainDepth(chain: readonly string[]): number {
  return chain.length;
}

/** True when every entry is a well-formed agent id and the chain fits the wire limit. */
export function isValidChain(chain: readonly unknown[]): chain is string[] {
  return chain.length <= MAX_CHAIN_LENGTH && chain.every((id) => typeof id === "string" && AGENT_ID_RE.test(id));
}

/** The chain a forwarded message carries: the received chain with `agentId` (the new sender) appended. */
export function extendChain(chain: readonly string[], agentId: string): string[] {
  if (!AGENT_ID_RE.test(agentId)) throw new RangeError(`extendChain: not an agent id: ${JSON.stringify(agentId)}`);
  if (!isValidChain(chain)) throw new RangeError("extendChain: the chain holds an empty or malformed agent id");
  return [...chain, agentId];
}

function walk(edges: readonly TEdge[], start: string | readonly string[], maxDepth: number, down: boolean): TReached[] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = down ? [e.from, e.to] : [e.to, e.from];
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  }
  const starts = typeof start === "string" ? [start] : [...start];
  const seen = new Set<string>(starts);
  const out: TReached[] = [];
  let frontier = starts;
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const level: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (seen.has(n)) continue; // cycles and diamonds: each node once, at its shortest depth
        seen.add(n);
        level.push(n);
        out.push({ id: n, depth });
      }
    }
    frontier = level;
  }
  return out.sort((x, y) => x.depth - y.depth || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Everything downstream of `start` within `maxDepth` hops (start excluded), nearest first then by id. */
export function blastRadius(edges: readonly TEdge[], start: string | readonly string[], maxDepth: number): TReached[] {
  return walk(edges, start, maxDepth, true);
}

/** Everything upstream of `start` within `maxDepth` hops (its lineage), nearest first then by id. */
export function lineage(edges: readonly TEdge[], start: string | readonly string[], maxDepth: number): TReached[] {
  return walk(edges, start, maxDepth, false);
}
