"use client";

import type { Core } from "cytoscape";
import { useEffect, useRef, type RefObject } from "react";
import type { TVisible } from "@/lib/domain/graph-filter.ts";
import { layoutOptions, type LayoutName } from "./cy-layouts";
import { graphStyle } from "./cy-style";
import { firstPositions, syncElements, toDefinitions } from "./cy-sync";
import { fitViewport } from "./layered-layout";
import { installProbe } from "./test-hook";
import type { GraphElement } from "./to-elements";

/** What the page may ask of the drawn graph. */
export type GraphApi = { fit: () => void; zoomBy: (factor: number) => void; center: (id: string) => void; relayout: () => void };

/** A node or an edge the person picked. */
export type Selection = { kind: "agent" | "boundary"; id: string } | null;

type Props = {
  elements: GraphElement[];
  visible: TVisible | null;
  layout: LayoutName;
  selected: Selection;
  onSelect: (s: Selection) => void;
  apiRef: RefObject<GraphApi | null>;
};

function runLayout(cy: Core, layout: LayoutName) {
  const shown = cy.elements(":visible");
  shown.layout(layoutOptions(layout, cy)).run();
}

const LARGE = 300; // nodes; above it the renderer trades detail for speed while panning and zooming

/** The cytoscape canvas: drawn once with a layout, then restyled in place as data changes (never relaid out). */
export function GraphCanvas({ elements, visible, layout, selected, onSelect, apiRef }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const latest = useRef({ elements, visible, layout, onSelect, selected });
  useEffect(() => {
    latest.current = { elements, visible, layout, onSelect, selected };
  });

  // Created once the first data arrives; cytoscape is loaded in the browser only.
  const hasData = elements.length > 0;
  useEffect(() => {
    if (!hasData || !box.current) return;
    let cy: Core | null = null;
    let cancelled = false;
    let removeProbe = () => {};
    performance.mark("firebreak:graph-data");
    void import("cytoscape").then(({ default: cytoscape }) => {
      if (cancelled || !box.current) return;
      performance.mark("firebreak:cytoscape-loaded");
      const { elements: els, visible: vis, layout: firstLayout } = latest.current;
      const large = els.filter((e) => e.group === "nodes").length > LARGE;
      // The first layered drawing is placed before cytoscape sees it: no layout run, no bounding boxes.
      const placed = firstLayout === "layered" ? firstPositions(els, vis) : null;
      const view = placed ? fitViewport(placed.values(), box.current.clientWidth, box.current.clientHeight) : null;
      cy = cytoscape({
        container: box.current, style: graphStyle(large), minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.3,
        textureOnViewport: large, hideEdgesOnViewport: large, motionBlur: false, pixelRatio: large ? 1 : "auto",
        boxSelectionEnabled: false, selectionType: "single",
        elements: toDefinitions(els, vis, placed), layout: { name: "preset", fit: false }, ...(view ?? {}),
      });
      performance.mark("firebreak:elements-added");
      if (!placed) runLayout(cy, firstLayout);
      if (latest.current.selected) cy.getElementById(latest.current.selected.id).select(); // opened from a shared link
      performance.mark("firebreak:layout-done");
      cy.one("render", () => {
        performance.mark("firebreak:drawn");
        box.current?.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
        box.current?.setAttribute("data-ready", "true");
      });
      cy.on("tap", "node", (e) => latest.current.onSelect({ kind: "agent", id: e.target.id() }));
      cy.on("tap", "edge", (e) => latest.current.onSelect({ kind: "boundary", id: e.target.id() }));
      cyRef.current = cy;
      removeProbe = installProbe(cy);
      apiRef.current = {
        fit: () => void cy?.fit(cy.elements(":visible"), 30),
        zoomBy: (f) => void cy?.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
        center: (id) => {
          const n = cy?.getElementById(id);
          if (cy && n?.nonempty()) cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
        },
        relayout: () => void (cy && runLayout(cy, latest.current.layout)),
      };
    });
    return () => {
      cancelled = true;
      removeProbe();
      apiRef.current = null;
      cyRef.current = null;
      cy?.destroy();
    };
  }, [hasData, apiRef]);

  // Data or filter changed: restyle in place.
  useEffect(() => {
    if (cyRef.current) syncElements(cyRef.current, elements, visible);
  }, [elements, visible]);

  // The person's selection (from the graph, the list or the search) shows on the graph.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(":selected").unselect();
      if (selected) cy.getElementById(selected.id).select();
    });
  }, [selected]);

  return <div ref={box} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Agent graph: agents as nodes, boundaries as arrows coloured by breaker state" />;
}
