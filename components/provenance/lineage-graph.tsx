"use client";

import { useMemo, useState } from "react";
import { usePost } from "@/components/forms/use-post";
import type { TLineage } from "@/lib/domain/lineage.ts";
import type { TaintReport } from "@/lib/server/provenance/trace-taint.ts";
import { LineageCanvas } from "./lineage-canvas";
import { lineageElements } from "./lineage-elements";
import { LineageLegend } from "./lineage-legend";
import { LineageNodePanel } from "./lineage-node-panel";
import { LineageTable } from "./lineage-table";
import { TaintSummary } from "./taint-summary";
import { useLineageView } from "./use-lineage-view";

// A taint follows everything derived, as deep as the API walks, whatever depth the graph shows.
const TAINT_DEPTH = 20;

type Props = { root: string; depth: number; initial: TLineage };

/** The layered lineage graph of one node, its selected node's panel, and the same nodes as tables below. */
export function LineageGraph({ root, depth, initial }: Props) {
  const { view, lineage, expanding, failed, go } = useLineageView(root, depth, initial);
  const taint = usePost({ refresh: false });
  const [report, setReport] = useState<{ seed: string; report: TaintReport } | null>(null);
  const tainted = useMemo(() => (report ? new Set([report.seed, ...report.report.records.map((r) => r.id), ...report.report.messages.map((m) => m.id)]) : null), [report]);
  const elements = useMemo(() => lineageElements(lineage, { root, tainted }), [lineage, root, tainted]);
  const markTainted = async (seed: string) => {
    const r = await taint.run<TaintReport>("/api/v1/provenance/taint", { nodeId: seed, depth: TAINT_DEPTH });
    if (r.ok) setReport({ seed, report: r.data });
  };
  const bySide = (side: string) => lineage.nodes.filter((n) => n.side === side);
  const select = (id: string | null) => go({ selected: id });

  return (
    <>
      <section className="graph-page" aria-label="Lineage graph">
        <div className="graph-body">
          <div className="graph-main">
            <LineageCanvas elements={elements} selected={view.selected} onSelect={select}
              label={`Lineage of ${root}: ${lineage.nodes.length} messages and records, origins at the top`} />
            <LineageLegend />
          </div>
          <div className="graph-side">
            {view.selected && (
              <LineageNodePanel lineage={lineage} id={view.selected} depth={depth} expanding={expanding.includes(view.selected)}
                onExpand={(id) => go({ expand: [...view.expand, id] })} onTaint={markTainted} tainting={taint.busy}
                onClose={() => go({ selected: null })} />
            )}
            {!view.selected && <p className="muted">Select a node to see its author, time, partition, value hash and signature, and to expand it by one hop.</p>}
            {failed && <p role="alert" className="form-error">Could not expand: {failed.message}</p>}
            {taint.error && <p role="alert" className="form-error">{taint.error.message}</p>}
            {report && tainted && <TaintSummary report={report.report} query={{ nodeId: report.seed, depth: TAINT_DEPTH }} drawn={lineage.nodes.filter((n) => tainted.has(n.id)).length} />}
          </div>
        </div>
        {lineage.truncated && <p className="warn">Only the nearest nodes are drawn: this lineage is larger than one view.</p>}
      </section>
      <section aria-label="Lineage as tables">
        <h2>Upstream — what it was derived from</h2>
        <LineageTable nodes={bySide("upstream")} empty="Nothing upstream: this node is an origin." label="Upstream" tainted={tainted} onSelect={select} />
        <h2>Downstream — its blast radius</h2>
        <LineageTable nodes={bySide("downstream")} empty="Nothing was derived from it." label="Downstream" tainted={tainted} onSelect={select} />
        {bySide("expanded").length > 0 && (
          <>
            <h2>Added by expanding</h2>
            <LineageTable nodes={bySide("expanded")} empty="" label="Expanded" tainted={tainted} onSelect={select} />
          </>
        )}
      </section>
    </>
  );
}
