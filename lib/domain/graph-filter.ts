import { isUnhealthy, type TBreakerState, type TGraph, type TGraphBoundary } from "./graph.ts";

/** What the person chose to see on the graph. */
export type TGraphFilter = {
  /** Boundary states to show (all three when empty). */
  states: TBreakerState[];
  onlyUnhealthy: boolean;
  /** Only this agent's boundaries (as sender or receiver). */
  agent: string | null;
  /** Only the neighbourhood of this node, both directions, to `depth` hops. */
  focus: { id: string; depth: number } | null;
};

/** The filter that shows everything. */
export const NO_FILTER: TGraphFilter = { states: [], onlyUnhealthy: false, agent: null, focus: null };

/** The ids of the nodes and edges a filter leaves visible. */
export type TVisible = { nodes: Set<string>; edges: Set<string> };

/** Whether a filter hides anything at all. */
export function isFiltering(f: TGraphFilter): boolean {
  return f.states.length > 0 || f.onlyUnhealthy || f.agent !== null || f.focus !== null;
}

/** Node ids within `depth` hops of `start`, following boundaries in either direction. */
export function neighbourhood(boundaries: Pick<TGraphBoundary, "sender" | "receiver">[], start: string, depth: number): Set<string> {
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string) => (adjacent.get(a) ?? adjacent.set(a, []).get(a)!).push(b);
  for (const b of boundaries) {
    link(b.sender, b.receiver);
    link(b.receiver, b.sender);
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let hop = 0; hop < depth && frontier.length; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of adjacent.get(id) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        next.push(n);
      }
    }
    frontier = next;
  }
  return seen;
}

/** Applies a filter: the edges that pass it, and the nodes they touch (every node when only focus or nothing filters edges). */
export function visibleElements(graph: Pick<TGraph, "agents" | "boundaries">, f: TGraphFilter): TVisible {
  const near = f.focus ? neighbourhood(graph.boundaries, f.focus.id, f.focus.depth) : null;
  const edgeFilter = f.states.length > 0 || f.onlyUnhealthy || f.agent !== null;
  const edges = new Set<string>();
  const nodes = new Set<string>();
  for (const b of graph.boundaries) {
    if (f.states.length && !f.states.includes(b.state)) continue;
    if (f.onlyUnhealthy && !isUnhealthy(b)) continue;
    if (f.agent && b.sender !== f.agent && b.receiver !== f.agent) continue;
    if (near && !(near.has(b.sender) && near.has(b.receiver))) continue;
    edges.add(b.id);
    nodes.add(b.sender).add(b.receiver);
  }
  if (!edgeFilter) for (const a of graph.agents) if (!near || near.has(a.id)) nodes.add(a.id);
  if (f.agent) nodes.add(f.agent);
  if (f.focus) nodes.add(f.focus.id);
  return { nodes, edges };
}
