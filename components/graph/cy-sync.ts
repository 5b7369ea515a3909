import type { Core, ElementDefinition, NodeSingular } from "cytoscape";
import type { TVisible } from "@/lib/domain/graph-filter.ts";
import { layeredPositions, type Point } from "./layered-layout.ts";
import type { GraphElement } from "./to-elements.ts";

/** What a sync changed. */
export type SyncResult = { added: number; removed: number; restyled: number };

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in b) if (a[k] !== b[k]) return false;
  return true;
}

function classesOf(e: GraphElement, visible: TVisible | null): string {
  if (!visible) return e.classes;
  const shown = e.group === "nodes" ? visible.nodes.has(e.data.id) : visible.edges.has(e.data.id);
  return shown ? e.classes : `${e.classes} hidden`;
}

/** Elements as cytoscape definitions, with the filter's hidden ones marked and nodes placed: for the first draw. */
export function toDefinitions(elements: GraphElement[], visible: TVisible | null, positions: Map<string, Point> | null = null): ElementDefinition[] {
  return elements.map((e) => ({ group: e.group, data: { ...e.data }, classes: classesOf(e, visible), position: positions?.get(e.data.id) }));
}

/** Layered positions of the visible nodes, computed from the elements alone (before cytoscape exists). */
export function firstPositions(elements: GraphElement[], visible: TVisible | null): Map<string, Point> {
  const nodes = elements.filter((e) => e.group === "nodes" && (!visible || visible.nodes.has(e.data.id))).map((e) => e.data.id);
  const edges = elements
    .filter((e) => e.group === "edges" && (!visible || visible.edges.has(e.data.id)))
    .map((e) => ({ source: String(e.data.source), target: String(e.data.target) }));
  return layeredPositions(nodes, edges);
}

// Where a new node goes without a relayout: beside a neighbour already drawn, else the middle of the view.
function placeNear(cy: Core, id: string, elements: GraphElement[]): { x: number; y: number } {
  const ends = elements.filter((e) => e.group === "edges" && (e.data.source === id || e.data.target === id));
  for (const e of ends) {
    const other = cy.getElementById(String(e.data.source === id ? e.data.target : e.data.source)) as NodeSingular;
    if (other.nonempty() && other.isNode()) return { x: other.position("x") + 40 + Math.random() * 30, y: other.position("y") + 40 + Math.random() * 30 };
  }
  const ext = cy.extent();
  return { x: (ext.x1 + ext.x2) / 2 + Math.random() * 60, y: (ext.y1 + ext.y2) / 2 + Math.random() * 60 };
}

/**
 * Brings the drawn graph in line with `elements` in one batch: restyles what changed in place (data and
 * classes), adds what is new beside its neighbours, removes what is gone. Never runs a layout.
 */
export function syncElements(cy: Core, elements: GraphElement[], visible: TVisible | null): SyncResult {
  const result: SyncResult = { added: 0, removed: 0, restyled: 0 };
  const wanted = new Set(elements.map((e) => e.data.id));
  cy.batch(() => {
    const gone = cy.elements().filter((el) => !wanted.has(el.id()));
    result.removed = gone.length;
    gone.remove();
    const fresh: ElementDefinition[] = [];
    for (const e of elements) {
      const el = cy.getElementById(e.data.id);
      const classes = classesOf(e, visible);
      if (el.empty()) {
        fresh.push({ group: e.group, data: { ...e.data }, classes, ...(e.group === "nodes" ? { position: placeNear(cy, e.data.id, elements) } : {}) });
        continue;
      }
      const dataChanged = !sameData(el.data(), e.data);
      const classesChanged = el.classes().join(" ") !== classes;
      if (dataChanged) el.data(e.data);
      if (classesChanged) el.classes(classes);
      if (dataChanged || classesChanged) result.restyled++;
    }
    // Nodes before edges: an edge needs both ends.
    cy.add(fresh.filter((e) => e.group === "nodes"));
    cy.add(fresh.filter((e) => e.group === "edges"));
    result.added = fresh.length;
  });
  return result;
}
