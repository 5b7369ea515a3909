import type { Core, LayoutOptions } from "cytoscape";

/** The two layouts: layered for pipelines, force-directed for meshes. */
export const LAYOUTS = { layered: "Layered (pipelines)", force: "Force-directed" } as const;
export type LayoutName = keyof typeof LAYOUTS;

/** Layout options sized to the graph: big graphs trade polish for a first draw within the 2 s budget. */
export function layoutOptions(name: LayoutName, cy: Core, nodeCount: number): LayoutOptions {
  const large = nodeCount > 300;
  if (name === "force") {
    return { name: "cose", animate: false, randomize: true, fit: true, padding: 30, numIter: large ? 250 : 1000, nodeRepulsion: () => 8000, idealEdgeLength: () => 60, nodeDimensionsIncludeLabels: !large } as LayoutOptions;
  }
  const roots = cy.nodes(":visible").roots();
  return {
    name: "breadthfirst", directed: true, fit: true, padding: 30, animate: false, avoidOverlap: !large,
    spacingFactor: large ? 0.9 : 1.2, ...(roots.nonempty() ? { roots } : {}),
  } as LayoutOptions;
}
