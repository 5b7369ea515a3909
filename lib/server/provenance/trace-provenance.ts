import "server-only";
import type { TLineageEdge, TLineageNode } from "../../domain/lineage.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { describeNodes } from "./describe-nodes.ts";
import { walkLineage } from "./walk-lineage.ts";

/** A traced node; `hasParents` false means it is an origin. */
export type TracedNode = TLineageNode & { hasParents: boolean };
export type Trace = {
  node: TracedNode;
  upstream: TracedNode[];
  downstream: TracedNode[];
  origins: TracedNode[];
  affectedAgents: string[];
  /** The edges among every node listed: what the lineage graph draws. */
  edges: TLineageEdge[];
  /** Hops walked upstream and downstream; `depth` is the larger (kept for older clients). */
  up: number;
  down: number;
  depth: number;
  /** True when a side had more nodes than MAX_PER_SIDE within its depth (the nearest are listed). */
  truncated: boolean;
};

/** Most nodes listed on each side: a graph a person can read, and a bound on one answer. */
export const MAX_PER_SIDE = 300;
/** Deepest walk a request may ask for. */
export const MAX_DEPTH = 20;

/**
 * The full chain that produced a message or memory record (upstream, `up` hops, towards its origins) and
 * everything derived from it (downstream, `down` hops: the blast radius), with the edges between them.
 * An id known only as someone's parent (referenced, never reported) can be traced too; an id unknown
 * to the store is not_found.
 */
export async function traceProvenance(opts: { id: string; depth?: number; up?: number; down?: number }): Promise<Trace> {
  const clamp = (n: number) => Math.min(Math.max(n, 0), MAX_DEPTH);
  const up = clamp(opts.up ?? opts.depth ?? 5);
  const down = clamp(opts.down ?? opts.depth ?? 5);
  const db = getDb();
  const [self, asParent] = await Promise.all([
    db.provenanceNode.findUnique({ where: { id: opts.id } }),
    db.provenanceEdge.findFirst({ where: { parentId: opts.id }, select: { parentId: true } }),
  ]);
  if (!self && !asParent) throw new AppError("not_found", `no message or memory record ${opts.id}`);
  const [upAll, downAll] = await Promise.all([
    walkLineage({ ids: [opts.id], direction: "upstream", maxDepth: up }),
    walkLineage({ ids: [opts.id], direction: "downstream", maxDepth: down }),
  ]);
  const [upWalk, downWalk] = [upAll.slice(0, MAX_PER_SIDE), downAll.slice(0, MAX_PER_SIDE)];
  const root = { id: opts.id, depth: 0, kind: self?.kind ?? null, agentId: self?.agentId ?? null, createdAt: self?.createdAt ?? null };
  const described = await describeNodes([
    { ...root, side: "root" },
    ...upWalk.map((n) => ({ ...n, side: "upstream" as const })),
    ...downWalk.map((n) => ({ ...n, side: "downstream" as const })),
  ]);
  const traced = described.map((n) => ({ ...n, hasParents: n.parents > 0 }));
  const [node, ...rest] = traced;
  const upstream = rest.slice(0, upWalk.length);
  const downstream = rest.slice(upWalk.length);
  const origins = [node, ...upstream].filter((n) => !n.hasParents);
  const affectedAgents = [...new Set(downstream.map((n) => n.agentId).filter((a): a is string => a !== null))].sort();
  const edges = await edgesAmong(traced.map((n) => n.id));
  const truncated = upAll.length > MAX_PER_SIDE || downAll.length > MAX_PER_SIDE;
  return { node, upstream, downstream, origins, affectedAgents, edges, up, down, depth: Math.max(up, down), truncated };
}

// Every edge with both ends among `ids`.
async function edgesAmong(ids: string[]): Promise<TLineageEdge[]> {
  const rows = await getDb().provenanceEdge.findMany({
    where: { childId: { in: ids }, parentId: { in: ids } },
    select: { childId: true, parentId: true },
    orderBy: [{ parentId: "asc" }, { childId: "asc" }],
  });
  return rows.map((r) => ({ parent: r.parentId, child: r.childId }));
}
