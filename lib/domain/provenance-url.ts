/** What a provenance URL names: the traced node, how deep to walk, the selected node and the nodes expanded by one hop. */
export type TProvenanceView = { id: string; depth: number; selected: string | null; expand: string[] };

/** Depth when the URL gives none, and the deepest it may ask for. */
export const DEFAULT_DEPTH = 5;
export const MAX_VIEW_DEPTH = 20;

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The view a `/provenance?id=…&depth=…&sel=…&expand=…` URL names (null without an id); a bad depth falls back to the default. */
export function parseProvenanceView(params: Params): TProvenanceView | null {
  const id = first(params.id)?.trim();
  if (!id) return null;
  const depth = Number(first(params.depth));
  return {
    id,
    depth: Number.isInteger(depth) && depth >= 1 && depth <= MAX_VIEW_DEPTH ? depth : DEFAULT_DEPTH,
    selected: first(params.sel) || null,
    expand: [...new Set(all(params.expand).filter(Boolean))],
  };
}

/** The URL of a provenance view: the one link format every id in the app uses, and what the graph writes as you explore. */
export function provenanceHref(view: { id: string; depth?: number; selected?: string | null; expand?: readonly string[] }): string {
  const q = new URLSearchParams({ id: view.id });
  if (view.depth !== undefined && view.depth !== DEFAULT_DEPTH) q.set("depth", String(view.depth));
  if (view.selected) q.set("sel", view.selected);
  for (const e of view.expand ?? []) q.append("expand", e);
  return `/provenance?${q.toString()}`;
}
