import "server-only";
import type { Tx } from "../db/tx.ts";
import { dbProvider, getDb } from "../db/client.ts";
import type { LineageNode } from "../../domain/views.ts";

export type Direction = "upstream" | "downstream";
export type { LineageNode };

const MAX_NODES = 5_000; // hard cap: bounds one query's work on a dense graph

/**
 * Walks the provenance edges from the start nodes, upstream (what they derive from) or downstream (what
 * derives from them), to maxDepth, in one recursive CTE over the indexed edge table. Nearest first.
 */
export async function walkLineage(opts: { ids: string[]; direction: Direction; maxDepth: number; db?: Tx }): Promise<LineageNode[]> {
  if (opts.ids.length === 0 || opts.maxDepth < 1) return [];
  const db = opts.db ?? getDb();
  const [from, to] = opts.direction === "upstream" ? ['"childId"', '"parentId"'] : ['"parentId"', '"childId"'];
  const pg = dbProvider() === "postgresql";
  const p = (i: number) => (pg ? `$${i}` : "?");
  const seeds = opts.ids.map((_, i) => p(i + 1)).join(",");
  const depthParam = p(opts.ids.length + 1);
  const limitParam = p(opts.ids.length + 2);
  const sql = `
    WITH RECURSIVE walk(id, depth) AS (
      SELECT e.${to}, 1 FROM "ProvenanceEdge" e WHERE e.${from} IN (${seeds})
      UNION
      SELECT e.${to}, w.depth + 1 FROM "ProvenanceEdge" e JOIN walk w ON e.${from} = w.id WHERE w.depth < ${depthParam}
    ),
    nearest AS (SELECT id, MIN(depth) AS depth FROM walk GROUP BY id ORDER BY MIN(depth), id LIMIT ${limitParam})
    SELECT n.id, n.depth, p."kind", p."agentId", p."createdAt"
    FROM nearest n LEFT JOIN "ProvenanceNode" p ON p."id" = n.id
    ORDER BY n.depth, n.id`;
  const rows = (await db.$queryRawUnsafe(sql, ...opts.ids, opts.maxDepth, MAX_NODES)) as {
    id: string; depth: number | bigint; kind: string | null; agentId: string | null; createdAt: Date | string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    depth: Number(r.depth),
    kind: r.kind,
    agentId: r.agentId,
    createdAt: r.createdAt === null ? null : new Date(r.createdAt),
  }));
}
