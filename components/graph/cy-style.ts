import type { StylesheetJson } from "cytoscape";

/** Colours of the breaker states and marks, shared by the graph and its legend. */
export const GRAPH_COLOURS = {
  CLOSED: "#64a37a",
  HALF_OPEN: "#d97706",
  OPEN: "#dc2626",
  incident: "#7c3aed",
  failed: "#111827",
  agent: "#334155",
  overCap: "#f59e0b",
  selected: "#2563eb",
} as const;

/** The cytoscape stylesheet. Big graphs draw straight edges (far cheaper than beziers) and hide small labels when zoomed out. */
export function graphStyle(large: boolean): StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        "background-color": GRAPH_COLOURS.agent, width: 22, height: 22, label: "data(label)", "text-wrap": "wrap",
        "font-size": 10, color: "#1f2937", "text-valign": "bottom", "text-margin-y": 4, "min-zoomed-font-size": 7,
        "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": "1px",
      },
    },
    { selector: "node.status-suspended", style: { "background-color": "#9ca3af", shape: "round-rectangle" } },
    { selector: "node.status-unknown", style: { "background-color": "#ffffff", "border-width": 2, "border-style": "dashed", "border-color": "#6b7280" } },
    { selector: "node.over-cap", style: { "background-color": GRAPH_COLOURS.overCap, shape: "octagon", width: 26, height: 26 } },
    { selector: "node.has-incidents", style: { "border-width": 4, "border-color": GRAPH_COLOURS.incident } },
    {
      selector: "edge",
      style: {
        width: "data(width)", "line-color": GRAPH_COLOURS.CLOSED, "target-arrow-color": GRAPH_COLOURS.CLOSED,
        "target-arrow-shape": "triangle", "arrow-scale": 0.8, "curve-style": large ? "straight" : "bezier", opacity: 0.75,
        "font-size": 9, "min-zoomed-font-size": 7, "text-rotation": "autorotate",
      },
    },
    { selector: "edge.half-open", style: { "line-color": GRAPH_COLOURS.HALF_OPEN, "target-arrow-color": GRAPH_COLOURS.HALF_OPEN, opacity: 1, "z-index": 5 } },
    { selector: "edge.open", style: { "line-color": GRAPH_COLOURS.OPEN, "target-arrow-color": GRAPH_COLOURS.OPEN, opacity: 1, "z-index": 10 } },
    { selector: "edge.incident", style: { "underlay-color": GRAPH_COLOURS.incident, "underlay-opacity": 0.35, "underlay-padding": 5, opacity: 1, "z-index": 20 } },
    { selector: "edge.gate-bypass", style: { "line-style": "dashed", "line-dash-pattern": [8, 4] } },
    { selector: "edge.unreported-trip", style: { "line-style": "dotted" } },
    {
      selector: "edge.pending",
      style: {
        label: "data(label)", color: "#7c2d12", "text-background-color": "#fff7ed", "text-background-opacity": 0.95,
        "text-background-padding": "2px", "text-border-width": 1, "text-border-color": "#fdba74", "text-border-opacity": 1,
      },
    },
    {
      selector: "edge.failed",
      style: {
        "mid-target-arrow-shape": "square", "mid-target-arrow-color": GRAPH_COLOURS.failed, "mid-target-arrow-fill": "filled",
        "source-label": "✕", color: GRAPH_COLOURS.OPEN, "source-text-offset": 14, "font-weight": "bold",
      },
    },
    { selector: ".hidden", style: { display: "none" } },
    ...SELECTION_STYLE,
  ];
}

/** How a selected node or edge looks, on the agent graph and the lineage graph alike. */
export const SELECTION_STYLE: StylesheetJson = [
  { selector: "node:selected", style: { "overlay-color": GRAPH_COLOURS.selected, "overlay-opacity": 0.25, "overlay-padding": 6, "border-width": 3, "border-color": GRAPH_COLOURS.selected } },
  { selector: "edge:selected", style: { "overlay-color": GRAPH_COLOURS.selected, "overlay-opacity": 0.25, "overlay-padding": 4 } },
];
