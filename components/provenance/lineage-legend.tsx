import { LINEAGE_COLOURS } from "./lineage-style";

/** What the shapes and colours of the lineage graph mean. */
export function LineageLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li><span className="legend-dot" style={{ background: LINEAGE_COLOURS.message }} /> message</li>
      <li><span className="legend-dot" style={{ background: LINEAGE_COLOURS.record, borderRadius: 3 }} /> memory record</li>
      <li><span className="legend-dot" style={{ background: LINEAGE_COLOURS.record, boxShadow: `0 0 0 3px ${LINEAGE_COLOURS.origin}` }} /> origin (derives from nothing)</li>
      <li><span className="legend-dot" style={{ background: "#fff", border: "2px dashed #6b7280" }} /> referenced, never reported</li>
      <li><span className="legend-dot" style={{ background: LINEAGE_COLOURS.record, outline: "2px dotted #94a3b8", outlineOffset: 2 }} /> more to expand</li>
      <li><span className="legend-dot" style={{ background: LINEAGE_COLOURS.tainted }} /> tainted</li>
      <li><span className="legend-note">arrows run from a parent to what was derived from it</span></li>
    </ul>
  );
}
