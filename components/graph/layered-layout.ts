/** A point on the graph's plane. */
export type Point = { x: number; y: number };

type Edge = { source: string; target: string };

/**
 * Layer assignment for a pipeline: breadth-first depth from the roots (no incoming boundary). Nodes only
 * reachable through a cycle start a new search from the one with the fewest incoming boundaries. O(V + E).
 */
export function layersOf(nodes: string[], edges: Edge[]): Map<string, number> {
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  const indegree = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (const e of edges) {
    if (!out.has(e.source) || !out.has(e.target) || e.source === e.target) continue;
    out.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }
  const layer = new Map<string, number>();
  const bfs = (starts: string[]) => {
    for (const s of starts) layer.set(s, 0);
    for (let queue = starts, depth = 1; queue.length; depth++) {
      const next: string[] = [];
      for (const id of queue) {
        for (const t of out.get(id)!) {
          if (layer.has(t)) continue;
          layer.set(t, depth);
          next.push(t);
        }
      }
      queue = next;
    }
  };
  bfs(nodes.filter((n) => indegree.get(n) === 0));
  const rest = nodes.filter((n) => !layer.has(n)).sort((a, b) => indegree.get(a)! - indegree.get(b)!);
  for (const n of rest) if (!layer.has(n)) bfs([n]);
  return layer;
}

/**
 * Positions for a layered (top-down) drawing: one band per layer, nodes ordered under the mean position
 * of their senders to keep crossings down, wide layers wrapped into several rows. Linear-ish in V + E.
 */
export function layeredPositions(nodes: string[], edges: Edge[], spacing = { x: 70, y: 110 }): Map<string, Point> {
  const layer = layersOf(nodes, edges);
  const byLayer: string[][] = [];
  for (const n of nodes) (byLayer[layer.get(n)!] ??= []).push(n);
  const parents = new Map<string, string[]>();
  for (const e of edges) if (layer.has(e.source) && layer.has(e.target)) (parents.get(e.target) ?? parents.set(e.target, []).get(e.target)!).push(e.source);
  const maxPerRow = Math.max(8, Math.ceil(2 * Math.sqrt(nodes.length)));
  const pos = new Map<string, Point>();
  let y = 0;
  for (const members of byLayer) {
    if (!members) continue;
    const mean = (n: string) => {
      const xs = (parents.get(n) ?? []).map((p) => pos.get(p)?.x).filter((x): x is number => x !== undefined);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
    };
    const order = members.map((n) => ({ n, m: mean(n) })).sort((a, b) => a.m - b.m || (a.n < b.n ? -1 : 1));
    for (let row = 0; row * maxPerRow < order.length; row++) {
      const slice = order.slice(row * maxPerRow, (row + 1) * maxPerRow);
      slice.forEach(({ n }, i) => pos.set(n, { x: (i - (slice.length - 1) / 2) * spacing.x + (row % 2) * spacing.x * 0.5, y }));
      y += spacing.y * (row + 1 < Math.ceil(order.length / maxPerRow) ? 0.6 : 1);
    }
  }
  return pos;
}

/** The zoom and pan that fit `points` into a `width` × `height` view with `padding`, without asking the renderer. */
export function fitViewport(points: Iterable<Point>, width: number, height: number, padding = 30, maxZoom = 1.5): { zoom: number; pan: Point } {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) [x1, y1, x2, y2] = [Math.min(x1, p.x), Math.min(y1, p.y), Math.max(x2, p.x), Math.max(y2, p.y)];
  if (x1 === Infinity) return { zoom: 1, pan: { x: width / 2, y: height / 2 } };
  // Room for a node and its label around the outermost centres.
  [x1, y1, x2, y2] = [x1 - 30, y1 - 20, x2 + 30, y2 + 40];
  const zoom = Math.min(maxZoom, (width - 2 * padding) / (x2 - x1), (height - 2 * padding) / (y2 - y1));
  return { zoom, pan: { x: (width - zoom * (x1 + x2)) / 2, y: (height - zoom * (y1 + y2)) / 2 } };
}
