import type { TGraph } from "./graph.ts";

/**
 * The graph with a patch applied: the patched boundaries and agents replace theirs (new ones are added),
 * and a boundary that was asked for but is missing from the patch is gone. Everything else is kept as is.
 */
export function applyGraphPatch(graph: TGraph, patch: Pick<TGraph, "agents" | "boundaries">, askedFor: string[]): TGraph {
  const boundaries = new Map(patch.boundaries.map((b) => [b.id, b]));
  const agents = new Map(patch.agents.map((a) => [a.id, a]));
  const gone = new Set(askedFor.filter((id) => !boundaries.has(id)));
  const keptBoundaries = graph.boundaries.filter((b) => !gone.has(b.id)).map((b) => boundaries.get(b.id) ?? b);
  const keptAgents = graph.agents.map((a) => agents.get(a.id) ?? a);
  const known = { b: new Set(graph.boundaries.map((b) => b.id)), a: new Set(graph.agents.map((a) => a.id)) };
  return {
    ...graph,
    agents: [...keptAgents, ...patch.agents.filter((a) => !known.a.has(a.id))],
    boundaries: [...keptBoundaries, ...patch.boundaries.filter((b) => !known.b.has(b.id))],
  };
}
