import "server-only";
import { param as p, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import type { ProvenanceRoot } from "../provenance/find-roots.ts";
import type { DownstreamAgent } from "../boundaries/find-downstream-agents.ts";
import type { Evidence, TripEvidence } from "../reviews/evidence.ts";
import type { NewReview } from "./transition-set-writes.ts";

/** One trip's evidence to gather (gather-evidence.ts says what each part is). */
export type EvidenceRequest = {
  review: NewReview; sender: string; receiver: string; since: Date | null; maxChainDepth: number; flapping: boolean; trip: TripEvidence;
};

const MAX_MESSAGES = 50;
const MAX_ROOTS = 100;
const MAX_REACHED = 500;
const MAX_WALK = 32;
// Subqueries in one statement: under SQLite's limit of terms in a compound SELECT (500).
const PER_STATEMENT = 200;

type Int = number | bigint;

/**
 * gather-evidence.ts for a whole set of trips: the rejected messages of every boundary, the provenance roots of
 * every trip's messages and the agents every sender reaches, one statement each (per 200 trips), in the caller's
 * transaction. The same evidence, in the same order, as gathering it trip by trip.
 */
export async function gatherSetEvidence(tx: Tx, requests: EvidenceRequest[]): Promise<Evidence[]> {
  if (requests.length === 0) return [];
  const rejected = await findRejected(tx, requests);
  const roots = await findRoots(tx, rejected.map((messages) => [...new Set(messages.map((m) => m.messageId))]));
  const reached = await findReached(tx, requests);
  return requests.map((r, k) => ({
    trip: r.trip, rejectedMessages: rejected[k], anomalyRate: r.trip.anomalyRate, provenanceRoots: roots[k], blastRadius: reached[k], flapping: r.flapping,
  }));
}

type Rejected = Evidence["rejectedMessages"][number];

// The newest rejected messages of each boundary since its trip's `since`: one LIMITed subquery per trip.
async function findRejected(tx: Tx, requests: EvidenceRequest[]): Promise<Rejected[][]> {
  const out: Rejected[][] = requests.map(() => []);
  for (let from = 0; from < requests.length; from += PER_STATEMENT) {
    const part = requests.slice(from, from + PER_STATEMENT);
    const params: (string | Date)[] = [];
    const sql = part.map((r, i) => {
      params.push(r.sender, r.receiver, r.since ?? new Date(0));
      const [s, rc, t] = [p(params.length - 2), p(params.length - 1), p(params.length)];
      return `SELECT * FROM (SELECT ${from + i} AS "k", "messageId", "reasons", "anomalyScore", "time" FROM "MessageValidation" ` +
        `WHERE "sender" = ${s} AND "receiver" = ${rc} AND "outcome" = 'rejected' AND "time" > ${t} ORDER BY "time" DESC LIMIT ${MAX_MESSAGES}) AS q${i}`;
    }).join(" UNION ALL ") + ` ORDER BY "k", "time" DESC`;
    const rows = await selectRows<{ k: Int; messageId: string; reasons: string; anomalyScore: number; time: string | Date }>(tx, sql, params);
    for (const m of rows) {
      out[Number(m.k)].push({ messageId: m.messageId, reasons: JSON.parse(m.reasons), anomalyScore: m.anomalyScore, time: new Date(m.time).toISOString() });
    }
  }
  return out;
}

// find-roots.ts for every trip's messages at once: the walk upstream carries the trip it started from.
async function findRoots(tx: Tx, messages: string[][]): Promise<ProvenanceRoot[][]> {
  const out: ProvenanceRoot[][] = messages.map(() => []);
  for (let from = 0; from < messages.length; from += PER_STATEMENT) {
    const starts = messages.slice(from, from + PER_STATEMENT).flatMap((ids, i) => ids.map((id) => [from + i, id] as const));
    if (starts.length) await findRootsOf(tx, starts, out);
  }
  return out;
}

async function findRootsOf(tx: Tx, starts: (readonly [number, string])[], out: ProvenanceRoot[][]): Promise<void> {
  const params = starts.map(([, id]) => id);
  const sql = `
    WITH RECURSIVE seeds(k, id) AS (VALUES ${starts.map(([k], i) => `(${k}, ${p(i + 1)})`).join(",")}),
    up(k, id, depth) AS (
      SELECT s.k, e."childId", 0 FROM seeds s JOIN "ProvenanceEdge" e ON e."childId" = s.id
      UNION SELECT s.k, n."id", 0 FROM seeds s JOIN "ProvenanceNode" n ON n."id" = s.id
      UNION SELECT up.k, e."parentId", up.depth + 1 FROM "ProvenanceEdge" e JOIN up ON e."childId" = up.id WHERE up.depth < ${MAX_WALK}
    )
    SELECT DISTINCT up.k AS k, up.id AS id, n."kind" AS kind, n."agentId" AS "agentId"
    FROM up LEFT JOIN "ProvenanceNode" n ON n."id" = up.id
    WHERE NOT EXISTS (SELECT 1 FROM "ProvenanceEdge" p WHERE p."childId" = up.id)
    ORDER BY up.k, up.id`;
  for (const r of await selectRows<{ k: Int; id: string; kind: string | null; agentId: string | null }>(tx, sql, params)) {
    const roots = out[Number(r.k)];
    if (roots.length < MAX_ROOTS) roots.push({ id: r.id, kind: r.kind, agentId: r.agentId });
  }
}

// find-downstream-agents.ts for every distinct sender and depth at once.
async function findReached(tx: Tx, requests: EvidenceRequest[]): Promise<DownstreamAgent[][]> {
  const keyOf = (r: EvidenceRequest) => `${depthOf(r.maxChainDepth)}|${r.sender}`;
  const starts = new Map<string, [number, string]>(requests.map((r) => [keyOf(r), [depthOf(r.maxChainDepth), r.sender]]));
  const keys = [...starts.keys()];
  const found = new Map<string, DownstreamAgent[]>(keys.map((key) => [key, []]));
  // depth and k inlined: bound integers, never user text
  const sql = `
    WITH RECURSIVE seeds(k, agent, maxd) AS (VALUES ${[...starts.values()].map(([depth], k) => `(${k}, ${p(k + 1)}, ${depth})`).join(",")}),
    down(k, agent, depth) AS (
      SELECT s.k, b."receiver", 1 FROM seeds s JOIN "Boundary" b ON b."sender" = s.agent
      UNION SELECT down.k, b."receiver", down.depth + 1 FROM down JOIN seeds s ON s.k = down.k JOIN "Boundary" b ON b."sender" = down.agent
        WHERE down.depth < s.maxd
    )
    SELECT down.k AS k, down.agent AS "agentId", MIN(down.depth) AS depth FROM down JOIN seeds s ON s.k = down.k
    WHERE down.agent <> s.agent GROUP BY down.k, down.agent ORDER BY down.k, MIN(down.depth), down.agent`;
  const rows = await selectRows<{ k: Int; agentId: string; depth: Int }>(tx, sql, [...starts.values()].map(([, sender]) => sender));
  for (const r of rows) {
    const agents = found.get(keys[Number(r.k)])!;
    if (agents.length < MAX_REACHED) agents.push({ agentId: r.agentId, depth: Number(r.depth) });
  }
  return requests.map((r) => found.get(keyOf(r))!);
}

const depthOf = (maxDepth: number) => Math.max(1, Math.min(64, Math.floor(maxDepth)));
