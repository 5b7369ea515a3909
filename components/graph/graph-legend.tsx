import { GRAPH_COLOURS } from "./cy-style";

const line = (colour: string, style = "solid") => ({ borderTop: `3px ${style} ${colour}` });

/** What the colours and marks on the graph mean. */
export function GraphLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li><span className="legend-line" style={line(GRAPH_COLOURS.CLOSED)} /> CLOSED</li>
      <li><span className="legend-line" style={line(GRAPH_COLOURS.HALF_OPEN)} /> HALF_OPEN</li>
      <li><span className="legend-line" style={line(GRAPH_COLOURS.OPEN)} /> OPEN</li>
      <li><span className="legend-line legend-incident" style={line(GRAPH_COLOURS.incident, "dashed")} /> gate bypass</li>
      <li><span className="legend-line legend-incident" style={line(GRAPH_COLOURS.incident, "dotted")} /> unreported trip</li>
      <li><span className="legend-tag">review · 4m</span> review pending, cooldown left</li>
      <li><span className="legend-mark">✕ ■</span> messages failed verification</li>
      <li><span className="legend-note">thicker = busier</span></li>
      <li><span className="legend-dot" style={{ background: GRAPH_COLOURS.agent }} /> agent</li>
      <li><span className="legend-dot legend-octagon" style={{ background: GRAPH_COLOURS.overCap }} /> over fan-out cap / depth violations</li>
      <li><span className="legend-dot" style={{ background: GRAPH_COLOURS.agent, boxShadow: `0 0 0 3px ${GRAPH_COLOURS.incident}` }} /> incidents</li>
      <li><span className="legend-dot" style={{ background: "#9ca3af", borderRadius: 3 }} /> suspended</li>
    </ul>
  );
}
