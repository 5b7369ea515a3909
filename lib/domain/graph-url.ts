import type { TBreakerState } from "./graph.ts";
import { NO_FILTER, type TGraphFilter } from "./graph-filter.ts";

/** The graph's layouts, by name (the first is the default). */
export const GRAPH_LAYOUTS = ["layered", "force"] as const;
export type TGraphLayout = (typeof GRAPH_LAYOUTS)[number];

/** What the live graph's URL holds: the selected agent or boundary, the filter and the layout. */
export type TGraphView = {
  selected: { kind: "agent" | "boundary"; id: string } | null;
  filter: TGraphFilter;
  layout: TGraphLayout;
};

type Params = Record<string, string | string[] | undefined>;

const STATES: readonly TBreakerState[] = ["CLOSED", "HALF_OPEN", "OPEN"];
const MAX_FOCUS_DEPTH = 5;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || null;

/** The view a graph URL names; anything unknown or malformed is left at its default, never an error. */
export function parseGraphView(params: Params): TGraphView {
  const agent = one(params.agent);
  const boundary = one(params.boundary);
  const states = (one(params.states) ?? "").split(",").filter((s): s is TBreakerState => (STATES as readonly string[]).includes(s));
  const focusId = one(params.focus);
  const focusDepth = Number(one(params.focusDepth) ?? 2);
  const layout = one(params.layout);
  return {
    selected: boundary ? { kind: "boundary", id: boundary } : agent ? { kind: "agent", id: agent } : null,
    filter: {
      states: [...new Set(states)],
      onlyUnhealthy: one(params.unhealthy) === "1",
      agent: one(params.only),
      focus: focusId ? { id: focusId, depth: Number.isInteger(focusDepth) && focusDepth >= 1 && focusDepth <= MAX_FOCUS_DEPTH ? focusDepth : 2 } : null,
    },
    layout: (GRAPH_LAYOUTS as readonly string[]).includes(layout ?? "") ? (layout as TGraphLayout) : GRAPH_LAYOUTS[0],
  };
}

/** The query string (with its "?", or "" for the default view) that parseGraphView reads back as `view`. */
export function graphViewQuery(view: TGraphView): string {
  const q = new URLSearchParams();
  if (view.selected) q.set(view.selected.kind, view.selected.id);
  const f = view.filter;
  if (f.states.length) q.set("states", f.states.join(","));
  if (f.onlyUnhealthy) q.set("unhealthy", "1");
  if (f.agent) q.set("only", f.agent);
  if (f.focus) {
    q.set("focus", f.focus.id);
    q.set("focusDepth", String(f.focus.depth));
  }
  if (view.layout !== GRAPH_LAYOUTS[0]) q.set("layout", view.layout);
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The default view: nothing selected, no filter, the layered layout. */
export const DEFAULT_GRAPH_VIEW: TGraphView = { selected: null, filter: NO_FILTER, layout: GRAPH_LAYOUTS[0] };
