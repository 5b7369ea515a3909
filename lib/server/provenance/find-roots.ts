import "server-only";
import type { Tx } from "../db/tx.ts";
import { paramList } from "../db/sql.ts";

export type ProvenanceRoot = { id: string; kind: string | null; agentId: string | null };

/** Hard cap on how far upstream a root search walks. */
const MAX_WALK = 32;

/**
 * The origins of the given messages/records: every node upstream (within MAX_WALK hops) that derives from
 * nothing, in one recursive CTE over the edge table. A parent never reported as a node comes back with kind null.
 */
export async function findProvenanceRoots(tx: Tx, ids: string[]): Promise<ProvenanceRoot[]> {
  if (ids.length === 0) return [];
  const sql = `
    WITH RECURSIVE up(id, depth) AS (
      SELECT "childId", 0 FROM "ProvenanceEdge" WHERE "childId" IN (${paramList(ids.length)})
      UNION SELECT "id", 0 FROM "ProvenanceNode" WHERE "id" IN (${paramList(ids.length, ids.length + 1)})
      UNION SELECT e."parentId", up.depth + 1 FROM "ProvenanceEdge" e JOIN up ON e."childId" = up.id WHERE up.depth < ${MAX_WALK}
    )
    SELECT DISTINCT up.id AS id, n."kind" AS kind, n."agentId" AS "agentId"
    FROM up LEFT JOIN "ProvenanceNode" n ON n."id" = up.id
    WHERE NOT EXISTS (SELECT 1 FROM "ProvenanceEdge" p WHERE p."childId" = up.id)
    ORDER BY up.id
    LIMIT 100`;
  return tx.$queryRawUnsafe<ProvenanceRoot[]>(sql, ...ids, ...ids);
}
