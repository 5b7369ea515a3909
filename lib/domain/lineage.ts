/** Which side of the traced node a lineage node sits on ("expanded": added later by one more hop from a drawn node). */
export type TLineageSide = "root" | "upstream" | "downstream" | "expanded";

/** One message or memory record of a lineage graph, with what a person checks about it. */
export type TLineageNode = {
  id: string;
  /** message | record, or null for an id only ever referenced as a parent (never reported). */
  kind: string | null;
  /** The agent that produced it (a message's sender, a record's writer). */
  agentId: string | null;
  /** When it was produced (ISO-8601), null when never reported. */
  time: string | null;
  /** A record's memory partition (null for messages). */
  partition: string | null;
  /** sha256 of a record's value, as signed by its writer (null for messages). */
  valueHash: string | null;
  /** The stored signed event that reported it (its row number), for re-verification. */
  eventSeq: number | null;
  /** One line of what it is. */
  detail: string;
  side: TLineageSide;
  /** Hops from the traced node (for an expanded node: from the node it was expanded from). */
  depth: number;
  /** How many nodes it derives from, and how many derive from it, in the whole store. */
  parents: number;
  children: number;
};

/** `child` was derived from `parent`. */
export type TLineageEdge = { parent: string; child: string };

/** A piece of the provenance graph around one node. */
export type TLineage = { nodes: TLineageNode[]; edges: TLineageEdge[]; truncated: boolean };

/** An edge's stable id. */
export function edgeId(e: TLineageEdge): string {
  return `${e.parent}→${e.child}`;
}

/**
 * Two pieces of the graph as one: each node once (the first piece's copy wins, so the traced node keeps
 * its side and depth; a node only the second has is marked expanded), each edge once. Merging again
 * with the same piece changes nothing, so a hop fetched twice is harmless.
 */
export function mergeLineage(a: TLineage, b: TLineage): TLineage {
  const nodes = new Map(a.nodes.map((n) => [n.id, n]));
  for (const n of b.nodes) if (!nodes.has(n.id)) nodes.set(n.id, { ...n, side: "expanded" });
  const edges = new Map(a.edges.map((e) => [edgeId(e), e]));
  for (const e of b.edges) if (!edges.has(edgeId(e))) edges.set(edgeId(e), e);
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: a.truncated || b.truncated };
}

/** How many of a node's parents and children are not drawn yet: what one more hop from it would add. */
export function hiddenNeighbours(lineage: TLineage, id: string): { parents: number; children: number } {
  const node = lineage.nodes.find((n) => n.id === id);
  if (!node) return { parents: 0, children: 0 };
  const shownParents = lineage.edges.filter((e) => e.child === id).length;
  const shownChildren = lineage.edges.filter((e) => e.parent === id).length;
  return { parents: Math.max(0, node.parents - shownParents), children: Math.max(0, node.children - shownChildren) };
}

/** The origins drawn: nodes that derive from nothing. */
export function originsOf(lineage: TLineage): TLineageNode[] {
  return lineage.nodes.filter((n) => n.parents === 0);
}

/** A trace (the traced node, its upstream and downstream, the edges among them) as a piece of the graph. */
export function lineageOf(trace: { node: TLineageNode; upstream: TLineageNode[]; downstream: TLineageNode[]; edges: TLineageEdge[]; truncated: boolean }): TLineage {
  return { nodes: [trace.node, ...trace.upstream, ...trace.downstream], edges: trace.edges, truncated: trace.truncated };
}
