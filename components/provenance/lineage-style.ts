import type { StylesheetJson } from "cytoscape";
import { GRAPH_COLOURS, SELECTION_STYLE } from "@/components/graph/cy-style";

/** Colours of the lineage graph's marks, shared with its legend. */
export const LINEAGE_COLOURS = { message: "#0f766e", record: "#334155", unknown: "#ffffff", root: GRAPH_COLOURS.selected, tainted: GRAPH_COLOURS.OPEN, origin: GRAPH_COLOURS.HALF_OPEN } as const;

/** The lineage graph's stylesheet: messages round, records square, origins ringed, tainted ones red. */
export function lineageStyle(): StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        "background-color": LINEAGE_COLOURS.record, shape: "round-rectangle", width: 22, height: 22, label: "data(label)", "text-wrap": "wrap",
        "font-size": 9, color: "#1f2937", "text-valign": "bottom", "text-margin-y": 4,
        "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": "1px",
      },
    },
    { selector: "node.kind-message", style: { "background-color": LINEAGE_COLOURS.message, shape: "ellipse" } },
    { selector: "node.kind-unknown", style: { "background-color": LINEAGE_COLOURS.unknown, "border-width": 2, "border-style": "dashed", "border-color": "#6b7280" } },
    { selector: "node.origin", style: { "border-width": 4, "border-color": LINEAGE_COLOURS.origin } },
    { selector: "node.root", style: { width: 30, height: 30, "font-weight": "bold" } },
    { selector: "node.expandable", style: { "outline-width": 2, "outline-color": "#94a3b8", "outline-style": "dotted", "outline-offset": 3 } },
    { selector: "node.tainted", style: { "background-color": LINEAGE_COLOURS.tainted, color: "#991b1b" } },
    {
      selector: "edge",
      style: { width: 2, "line-color": "#94a3b8", "target-arrow-color": "#94a3b8", "target-arrow-shape": "triangle", "arrow-scale": 0.8, "curve-style": "bezier" },
    },
    { selector: "edge.tainted", style: { width: 3, "line-color": LINEAGE_COLOURS.tainted, "target-arrow-color": LINEAGE_COLOURS.tainted } },
    ...SELECTION_STYLE,
  ];
}
