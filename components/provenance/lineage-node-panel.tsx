"use client";

import Link from "next/link";
import { Timestamp } from "@/components/layout/time-ago";
import { hiddenNeighbours, type TLineage } from "@/lib/domain/lineage.ts";
import { ProvenanceLink } from "./provenance-link";
import { SignatureCheck } from "./signature-check";

type Props = {
  lineage: TLineage;
  id: string;
  depth: number;
  expanding: boolean;
  onExpand: (id: string) => void;
  onTaint: (id: string) => void;
  tainting: boolean;
  onClose: () => void;
};

/** The selected node: author, time, partition, value hash, its signed event, and what can be done from it. */
export function LineageNodePanel({ lineage, id, depth, expanding, onExpand, onTaint, tainting, onClose }: Props) {
  const n = lineage.nodes.find((x) => x.id === id);
  if (!n) return null;
  const hidden = hiddenNeighbours(lineage, id);
  const more = hidden.parents + hidden.children;
  return (
    <aside className="side-panel" aria-labelledby="node-title" data-testid="node-panel">
      <button type="button" className="btn btn-small panel-close" aria-label="Close panel" onClick={onClose}>×</button>
      <h2 id="node-title"><code>{n.id}</code></h2>
      <p className="muted">{n.detail}</p>
      <dl className="pairs">
        <dt>Kind</dt><dd>{n.kind ?? "never reported"}{n.parents === 0 ? " · origin" : ""}</dd>
        <dt>Author</dt><dd>{n.agentId ? <code data-testid="node-author">{n.agentId}</code> : "—"}</dd>
        <dt>Time</dt><dd>{n.time ? <Timestamp value={n.time} /> : "—"}</dd>
        <dt>Partition</dt><dd>{n.partition ? <code>{n.partition}</code> : "—"}</dd>
        <dt>Value hash</dt><dd>{n.valueHash ? <code className="hash" data-testid="node-hash">{n.valueHash}</code> : "— (messages carry no value hash)"}</dd>
        <dt>Lineage</dt><dd>{n.parents} parent(s), {n.children} derived</dd>
        <dt>Signed event</dt><dd>{n.eventSeq !== null ? <Link href={`/events/${n.eventSeq}`}>event #{n.eventSeq}</Link> : "—"}</dd>
      </dl>
      {n.eventSeq !== null && <SignatureCheck nodeId={n.id} />}
      <div className="row actions">
        <button type="button" className="btn btn-small" disabled={more === 0 || expanding} onClick={() => onExpand(n.id)}
          title={more === 0 ? "Every parent and child is drawn" : undefined}>
          {expanding ? "Expanding…" : more === 0 ? "Nothing more to expand" : `Expand one hop (${more} more)`}
        </button>
        <ProvenanceLink id={n.id} depth={depth}>Trace from here</ProvenanceLink>
        <button type="button" className="btn btn-small btn-danger" disabled={tainting} onClick={() => onTaint(n.id)}>
          {tainting ? "Tracing…" : "Mark as tainted"}
        </button>
      </div>
    </aside>
  );
}
