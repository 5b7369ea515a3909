"use client";

import { memo, useState, type FormEvent } from "react";
import type { TBreakerState, TGraphAgent } from "@/lib/domain/graph.ts";
import { NO_FILTER, isFiltering, type TGraphFilter } from "@/lib/domain/graph-filter.ts";
import { AgentFilterInput } from "./agent-filter-input";
import { LAYOUTS, type LayoutName } from "./cy-layouts";
import { findAgent } from "./find-agent";
import type { GraphApi, Selection } from "./graph-canvas";

type Props = {
  agents: TGraphAgent[];
  filter: TGraphFilter;
  onFilter: (f: TGraphFilter) => void;
  layout: LayoutName;
  onLayout: (l: LayoutName) => void;
  selected: Selection;
  onFind: (agentId: string) => void;
  api: () => GraphApi | null;
};

const STATES: TBreakerState[] = ["CLOSED", "HALF_OPEN", "OPEN"];

/** Find an agent, filter by state / health / agent, focus on a neighbourhood, pick a layout, zoom and fit. */
export const GraphToolbar = memo(function GraphToolbar({ agents, filter, onFilter, layout, onLayout, selected, onFind, api }: Props) {
  const [search, setSearch] = useState("");
  const [notFound, setNotFound] = useState(false);
  const [depth, setDepth] = useState(2);
  const find = (e: FormEvent) => {
    e.preventDefault();
    const id = findAgent(agents, search);
    setNotFound(id === null);
    if (id) onFind(id);
  };
  const toggleState = (s: TBreakerState) =>
    onFilter({ ...filter, states: filter.states.includes(s) ? filter.states.filter((x) => x !== s) : [...filter.states, s] });
  const focusId = selected?.kind === "agent" ? selected.id : null;
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph controls">
      <datalist id="graph-agents">
        {agents.slice(0, 2000).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
      </datalist>
      <form onSubmit={find} className="tool-group" role="search">
        <input type="search" aria-label="Find an agent" placeholder="Find an agent…" list="graph-agents" value={search}
          onChange={(e) => (setSearch(e.target.value), setNotFound(false))} />
        <button type="submit" className="btn btn-small">Find</button>
        {notFound && <span className="form-error" role="status">No agent matches</span>}
      </form>
      <fieldset className="tool-group">
        <legend className="sr-only">Breaker states to show</legend>
        {STATES.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={filter.states.includes(s)} onChange={() => toggleState(s)} /> {s}
          </label>
        ))}
        <label className="check">
          <input type="checkbox" checked={filter.onlyUnhealthy} onChange={(e) => onFilter({ ...filter, onlyUnhealthy: e.target.checked })} /> Only unhealthy
        </label>
      </fieldset>
      <AgentFilterInput agents={agents} agent={filter.agent} onAgent={(agent) => onFilter({ ...filter, agent })} />
      <div className="tool-group">
        <label className="inline">
          Depth
          <select aria-label="Neighbourhood depth" value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <button type="button" className="btn btn-small" disabled={!focusId} title={focusId ? undefined : "Select an agent first"}
          onClick={() => focusId && onFilter({ ...filter, focus: { id: focusId, depth } })}>Focus</button>
        {isFiltering(filter) && <button type="button" className="btn btn-small" onClick={() => onFilter(NO_FILTER)}>Show all</button>}
      </div>
      <div className="tool-group">
        <select aria-label="Layout" value={layout} onChange={(e) => onLayout(e.target.value as LayoutName)}>
          {Object.entries(LAYOUTS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
        <button type="button" className="btn btn-small" aria-label="Zoom in" onClick={() => api()?.zoomBy(1.25)}>+</button>
        <button type="button" className="btn btn-small" aria-label="Zoom out" onClick={() => api()?.zoomBy(0.8)}>−</button>
        <button type="button" className="btn btn-small" onClick={() => api()?.fit()}>Fit</button>
      </div>
    </div>
  );
});
