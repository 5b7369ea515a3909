"use client";

import type { Core, NodeSingular } from "cytoscape";
import { useEffect, useRef } from "react";
import { firstPositions, syncElements, toDefinitions } from "@/components/graph/cy-sync";
import { fitViewport } from "@/components/graph/layered-layout";
import { installProbe } from "@/components/graph/test-hook";
import type { GraphElement } from "@/components/graph/to-elements";
import { lineageStyle } from "./lineage-style";

type Props = { elements: GraphElement[]; selected: string | null; onSelect: (id: string | null) => void; label: string };

// Origins on top, derived nodes below: the same layering as the agent graph, recomputed when a hop adds nodes.
function relayout(cy: Core, elements: GraphElement[]) {
  const positions = firstPositions(elements, null);
  cy.nodes().positions((n: NodeSingular) => positions.get(n.id()) ?? n.position());
  cy.fit(cy.elements(), 30);
  if (cy.zoom() > 1.5) cy.zoom({ level: 1.5, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

/** The lineage graph drawn with cytoscape (loaded in the browser only): tap a node to select it. */
export function LineageCanvas({ elements, selected, onSelect, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const latest = useRef({ elements, selected, onSelect });
  useEffect(() => {
    latest.current = { elements, selected, onSelect };
  });

  useEffect(() => {
    if (!box.current) return;
    let cy: Core | null = null;
    let cancelled = false;
    let removeProbe = () => {};
    void import("cytoscape").then(({ default: cytoscape }) => {
      if (cancelled || !box.current) return;
      const { elements: els, selected: sel } = latest.current;
      const placed = firstPositions(els, null);
      const view = fitViewport(placed.values(), box.current.clientWidth, box.current.clientHeight);
      cy = cytoscape({
        container: box.current, style: lineageStyle(), minZoom: 0.1, maxZoom: 4, wheelSensitivity: 0.3,
        boxSelectionEnabled: false, selectionType: "single", elements: toDefinitions(els, null, placed), layout: { name: "preset", fit: false }, ...view,
      });
      if (sel) cy.getElementById(sel).select();
      cy.on("tap", "node", (e) => latest.current.onSelect(e.target.id()));
      cy.on("tap", (e) => void (e.target === cy && latest.current.onSelect(null)));
      cy.one("render", () => box.current?.setAttribute("data-ready", "true"));
      cyRef.current = cy;
      removeProbe = installProbe(cy);
    });
    return () => {
      cancelled = true;
      removeProbe();
      cyRef.current = null;
      cy?.destroy();
    };
  }, []);

  // A hop added nodes: place them and lay the whole graph out again; a taint only restyles.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    if (syncElements(cy, elements, null).added > 0) relayout(cy, elements);
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(":selected").unselect();
      if (selected) cy.getElementById(selected).select();
    });
  }, [selected]);

  return <div ref={box} className="graph-canvas lineage-canvas" data-testid="lineage-canvas" role="img" aria-label={label} />;
}
