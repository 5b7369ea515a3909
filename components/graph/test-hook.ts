import type { Core, NodeSingular } from "cytoscape";

/** What a test or benchmark may read from the drawn graph (read-only; nothing it returns can change the graph). */
export type GraphProbe = {
  counts: () => { nodes: number; edges: number; visibleNodes: number; visibleEdges: number };
  edge: (id: string) => { state: string; classes: string[]; label: string; width: number; visible: boolean } | null;
  node: (id: string) => { label: string; classes: string[]; visible: boolean } | null;
  /** Where an element is drawn, in pixels from the canvas's top-left corner (an edge: its midpoint). */
  at: (id: string) => { x: number; y: number } | null;
};

declare global {
  interface Window {
    __firebreakGraph?: GraphProbe;
  }
}

/**
 * Exposes a read-only probe of the drawn graph as `window.__firebreakGraph`, only when the tab opted in
 * with `localStorage["firebreak:test-hooks"] = "1"` (tests and benchmarks set it; people never see it).
 */
export function installProbe(cy: Core): () => void {
  if (typeof window === "undefined" || window.localStorage?.getItem("firebreak:test-hooks") !== "1") return () => {};
  window.__firebreakGraph = {
    counts: () => ({ nodes: cy.nodes().length, edges: cy.edges().length, visibleNodes: cy.nodes(":visible").length, visibleEdges: cy.edges(":visible").length }),
    edge: (id) => {
      const e = cy.getElementById(id);
      return e.nonempty() && e.isEdge() ? { state: e.data("state"), classes: e.classes(), label: e.data("label"), width: e.data("width"), visible: e.visible() } : null;
    },
    node: (id) => {
      const n = cy.getElementById(id);
      return n.nonempty() && n.isNode() ? { label: n.data("label"), classes: n.classes(), visible: n.visible() } : null;
    },
    at: (id) => {
      const el = cy.getElementById(id);
      if (el.empty()) return null;
      return el.isEdge() ? el.renderedMidpoint() : (el as NodeSingular).renderedPosition();
    },
  };
  return () => {
    delete window.__firebreakGraph;
  };
}
