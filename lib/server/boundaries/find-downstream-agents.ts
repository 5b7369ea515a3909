import "server-only";
import type { Tx } from "../db/tx.ts";
import { param } from "../db/sql.ts";

export type DownstreamAgent = { agentId: string; depth: number };

/**
 * The blast-radius preview of a boundary: the agents reachable from `agentId` along known boundaries
 * (sender → receiver) within `maxDepth` hops, nearest first. One recursive CTE.
 */
export async function findDownstreamAgents(tx: Tx, agentId: string, maxDepth: number): Promise<DownstreamAgent[]> {
  const depth = Math.max(1, Math.min(64, Math.floor(maxDepth))); // inlined: a bound integer, never user text
  const sql = `
    WITH RECURSIVE down(agent, depth) AS (
      SELECT "receiver", 1 FROM "Boundary" WHERE "sender" = ${param(1)}
      UNION SELECT b."receiver", down.depth + 1 FROM "Boundary" b JOIN down ON b."sender" = down.agent WHERE down.depth < ${depth}
    )
    SELECT agent AS "agentId", MIN(depth) AS depth FROM down WHERE agent <> ${param(2)}
    GROUP BY agent ORDER BY MIN(depth), agent LIMIT 500`;
  const rows = await tx.$queryRawUnsafe<{ agentId: string; depth: number | bigint }[]>(sql, agentId, agentId);
  return rows.map((r) => ({ agentId: r.agentId, depth: Number(r.depth) }));
}
