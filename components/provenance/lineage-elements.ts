import { edgeId, hiddenNeighbours, type TLineage } from "@/lib/domain/lineage.ts";
import type { GraphElement } from "@/components/graph/to-elements";

/** Short enough to read on a node; the whole id is in the panel and the table. */
export function shortId(id: string, max = 22): string {
  return id.length <= max ? id : `${id.slice(0, max - 1)}…`;
}

/**
 * The lineage graph as cytoscape elements: a node per message or record (labelled with its id and author),
 * an edge from each parent to what was derived from it. Classes mark the kind, the traced node, origins,
 * nodes with undrawn neighbours (expandable) and everything a taint reached.
 */
export function lineageElements(lineage: TLineage, opts: { root: string; tainted: ReadonlySet<string> | null }): GraphElement[] {
  const nodes: GraphElement[] = lineage.nodes.map((n) => {
    const hidden = hiddenNeighbours(lineage, n.id);
    const classes = [
      `kind-${n.kind ?? "unknown"}`,
      n.id === opts.root ? "root" : "",
      n.parents === 0 ? "origin" : "",
      hidden.parents + hidden.children > 0 ? "expandable" : "",
      opts.tainted?.has(n.id) ? "tainted" : "",
    ].filter(Boolean).join(" ");
    return { group: "nodes", data: { id: n.id, label: `${shortId(n.id)}\n${n.agentId ?? "unreported"}` }, classes };
  });
  const edges: GraphElement[] = lineage.edges.map((e) => ({
    group: "edges",
    data: { id: edgeId(e), source: e.parent, target: e.child },
    classes: opts.tainted?.has(e.parent) && opts.tainted.has(e.child) ? "tainted" : "",
  }));
  return [...nodes, ...edges];
}
