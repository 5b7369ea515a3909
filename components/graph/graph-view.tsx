"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { NO_FILTER, isFiltering, visibleElements, type TGraphFilter } from "@/lib/domain/graph-filter.ts";
import { DEFAULT_GRAPH_VIEW, graphViewQuery, type TGraphView } from "@/lib/domain/graph-url.ts";
import type { TGraph } from "@/lib/domain/graph.ts";
import type { LayoutName } from "./cy-layouts";
import { AgentPanel } from "./agent-panel";
import { BoundaryPanel } from "./boundary-panel";
import { GraphCanvas, type GraphApi, type Selection } from "./graph-canvas";
import { GraphLegend } from "./graph-legend";
import { GraphToolbar } from "./graph-toolbar";
import { LiveBadge } from "./live-badge";
import { toElements } from "./to-elements";
import { UnhealthyList } from "./unhealthy-list";
import { POLL_MS, useGraph } from "./use-graph";
import { useNow } from "@/components/layout/use-now";

type Props = { initialGraph?: TGraph; initialView?: TGraphView; canForceOpen: boolean; canDecide: boolean };

/** The home page: the live agent graph, its controls and legend, the unhealthy list and the side panel. */
export function GraphView({ initialGraph, initialView = DEFAULT_GRAPH_VIEW, canForceOpen, canDecide }: Props) {
  const { graph, error, live } = useGraph(initialGraph);
  const [filter, setFilter] = useState<TGraphFilter>(initialView.filter);
  const [layout, setLayout] = useState<LayoutName>(initialView.layout);
  const [selected, setSelected] = useState<Selection>(initialView.selected);
  const apiRef = useRef<GraphApi | null>(null);
  const now = useNow(1_000, !!graph?.boundaries.some((b) => b.cooldownEndsAt));
  const elements = useMemo(() => (graph ? toElements(graph, now) : []), [graph, now]);
  const visible = useMemo(() => (graph && isFiltering(filter) ? visibleElements(graph, filter) : null), [graph, filter]);
  const poll = live === "live" ? false : POLL_MS;

  // The selection, filter and layout live in the URL (replaced, not pushed: clicking around adds no history), so a shared link reopens this view.
  useEffect(() => {
    const query = graphViewQuery({ selected, filter, layout });
    if (query !== window.location.search) window.history.replaceState(null, "", `${window.location.pathname}${query}`);
  }, [selected, filter, layout]);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    apiRef.current?.relayout();
  }, [layout]);
  useEffect(() => {
    apiRef.current?.fit(); // runs after the canvas applied the filter
  }, [filter]);

  // Picked from the list, a panel or the search: bring it into view (a click on the graph leaves the view alone).
  const show = useCallback((s: Selection) => {
    setSelected(s);
    if (s) apiRef.current?.center(s.id);
  }, []);
  const findAgent = useCallback((id: string) => {
    if (visible && !visible.nodes.has(id)) setFilter(NO_FILTER);
    show({ kind: "agent", id });
  }, [visible, show]);
  const api = useCallback(() => apiRef.current, []);
  const overlay = selected?.kind === "agent" ? graph?.agents.find((a) => a.id === selected.id) : undefined;

  return (
    <div className="graph-page">
      <div className="graph-head">
        <h1>Agent graph</h1>
        {graph && <span className="muted">{graph.agents.length} agents · {graph.boundaries.length} boundaries · rates over {graph.windows.rateMinutes} min</span>}
        <LiveBadge status={live} pollS={POLL_MS / 1000} />
      </div>
      {graph && <GraphToolbar agents={graph.agents} filter={filter} onFilter={setFilter} layout={layout} onLayout={setLayout} selected={selected} onFind={findAgent} api={api} />}
      <div className="graph-body">
        <div className="graph-main">
          {error && !graph && <p className="form-error" role="alert">Could not load the graph: {error.message}</p>}
          {graph && graph.agents.length === 0 ? (
            <p className="empty graph-empty">No agents yet. Register one with <code>npm run agent:register</code> and report events.</p>
          ) : (
            <GraphCanvas elements={elements} visible={visible} layout={layout} selected={selected} onSelect={setSelected} apiRef={apiRef} />
          )}
          <GraphLegend />
        </div>
        <div className="graph-side">
          {selected && (
            <aside className="side-panel" aria-labelledby="panel-title" data-testid="side-panel">
              <button type="button" className="btn btn-small panel-close" aria-label="Close panel" onClick={() => setSelected(null)}>×</button>
              {selected.kind === "boundary" ? (
                <BoundaryPanel id={selected.id} now={now} poll={poll} canForceOpen={canForceOpen} canDecide={canDecide} />
              ) : (
                <AgentPanel id={selected.id} overlay={overlay} poll={poll} onSelect={show} onOnlyThis={(id) => setFilter({ ...NO_FILTER, agent: id })} />
              )}
            </aside>
          )}
          {graph && <UnhealthyList boundaries={graph.boundaries} now={now} selected={selected} onSelect={show} />}
        </div>
      </div>
    </div>
  );
}
