import "server-only";
import { dbProvider } from "../db/client.ts";
import { param as p, pgArrayOf, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import type { ProvenanceRoot } from "../provenance/find-roots.ts";
import type { DownstreamAgent } from "../boundaries/find-downstream-agents.ts";
import type { Evidence, TripEvidence } from "../reviews/evidence.ts";
import type { NewReview } from "./transition-set-writes.ts";

/** One trip's evidence to gather (gather-evidence.ts says what each part is). */
export type EvidenceRequest = {
  review: NewReview; sender: string; receiver: string; since: Date | null; maxChainDepth: number; flapping: boolean; trip: TripEvidence;
};

/** A boundary that a report of OPEN in the set may trip: its evidence is read ahead, with the set's state. */
export type EvidenceCandidate = { boundaryId: string; sender: string; receiver: string; maxChainDepth: number };

/**
 * Evidence read ahead (readEvidenceAhead) for each candidate boundary as it stands before the set: the rejected
 * messages since its last applied transition, and the agents its sender reaches.
 */
export type EvidenceAhead = { rejected: Map<string, Rejected[]>; reached: Map<string, DownstreamAgent[]> };

const MAX_MESSAGES = 50;
const MAX_ROOTS = 100;
const MAX_REACHED = 500;
const MAX_WALK = 32;
// Subqueries in one statement: under SQLite's limit of terms in a compound SELECT (500).
const PER_STATEMENT = 200;

type Int = number | bigint;
type Rejected = Evidence["rejectedMessages"][number];
type RejectedRow = { k: Int; messageId: string; reasons: string; anomalyScore: number; time: string | Date };
/** Where a part's rejected messages start: a time, or (read ahead) its boundary's last applied transition. */
type Since = { at: Date | null } | { lastAppliedOf: string };

/**
 * The evidence of every candidate that needs nothing judged first, sent with the set's other reads
 * (transition-set-state.ts): the rejected messages since each boundary's last applied transition (read in the
 * same statement) and the agents each sender reaches, two statements (per 200 boundaries) whose answers come
 * back with the set's state, on PostgreSQL in its one round trip (docs/benchmarks.md#trips). A trip whose
 * `since` is that transition's time (its boundary's first applied report in the set) then needs no read of
 * its own but its messages' provenance roots (gatherSetEvidence). Walking the roots here too, from the rejected
 * messages as a subquery, made PostgreSQL plan a walk that ran past the 30 s statement timeout.
 */
export async function readEvidenceAhead(tx: Tx, candidates: EvidenceCandidate[]): Promise<EvidenceAhead> {
  const ahead: EvidenceAhead = { rejected: new Map(), reached: new Map() };
  if (candidates.length === 0) return ahead;
  const parts: Promise<void>[] = [];
  for (let from = 0; from < candidates.length; from += PER_STATEMENT) {
    const part = candidates.slice(from, from + PER_STATEMENT);
    const since: Since[] = part.map((c) => ({ lastAppliedOf: c.boundaryId }));
    parts.push(readRejected(tx, part, since).then((rejected) => part.forEach((c, k) => ahead.rejected.set(c.boundaryId, rejected[k]))));
  }
  parts.push(findReached(tx, candidates).then((reached) => void (ahead.reached = reached)));
  await Promise.all(parts);
  return ahead;
}

/**
 * gather-evidence.ts for a whole set of trips: the rejected messages of every boundary, the provenance roots of
 * every trip's messages and the agents every sender reaches, one statement each (per 200 trips), in the caller's
 * transaction. The same evidence, in the same order, as gathering it trip by trip. What `ahead` read for a trip's
 * boundary serves when its `since` is the one read ahead (`aheadSince`, the boundary's last applied transition
 * before the set); only the other trips' are read here.
 */
export async function gatherSetEvidence(
  tx: Tx, requests: EvidenceRequest[], ahead?: EvidenceAhead, aheadSince?: Map<string, Date | null>,
): Promise<Evidence[]> {
  if (requests.length === 0) return [];
  const fromAhead = (r: EvidenceRequest) => {
    const id = r.review.boundaryId;
    return ahead !== undefined && ahead.rejected.has(id) && aheadSince !== undefined && aheadSince.has(id) &&
      (aheadSince.get(id)?.getTime() ?? null) === (r.since?.getTime() ?? null);
  };
  const rest = requests.filter((r) => !fromAhead(r));
  const reachKnown = (r: EvidenceRequest) => ahead?.reached.has(reachKey(r)) ?? false;
  // The rejected messages and the agents reached need nothing from each other: sent together, one round trip on
  // PostgreSQL (pg-pipeline.ts); the roots, walked from the rejected messages, need the first.
  const [rejected, reached] = await Promise.all([
    readRejected(tx, rest, rest.map((r) => ({ at: r.since }))),
    findReached(tx, requests.filter((r) => !reachKnown(r))),
  ]);
  let k = 0;
  const messages = requests.map((r) => (fromAhead(r) ? ahead!.rejected.get(r.review.boundaryId)! : rejected[k++]));
  const roots = await findRoots(tx, messages.map((list) => [...new Set(list.map((m) => m.messageId))]));
  return requests.map((r, i) => ({
    trip: r.trip, rejectedMessages: messages[i], anomalyRate: r.trip.anomalyRate, provenanceRoots: roots[i],
    blastRadius: (reachKnown(r) ? ahead!.reached : reached).get(reachKey(r))!, flapping: r.flapping,
  }));
}

// The newest rejected messages of each part's boundary since its `since`: one LIMITed subquery per part.
function rejectedSql(parts: { sender: string; receiver: string }[], since: Since[], base = 0): { sql: string; params: (string | Date)[] } {
  const params: (string | Date)[] = [];
  const sql = parts.map((r, i) => {
    params.push(r.sender, r.receiver);
    const [s, rc] = [p(params.length - 1), p(params.length)];
    const start = since[i];
    let after: string;
    if ("at" in start) {
      params.push(start.at ?? new Date(0));
      after = p(params.length);
    } else {
      params.push(start.lastAppliedOf, new Date(0));
      after = `COALESCE((SELECT t."time" FROM "BreakerTransition" t WHERE t."boundaryId" = ${p(params.length - 1)} AND t."applied" = true ` +
        `ORDER BY t."id" DESC LIMIT 1), ${p(params.length)})`;
    }
    return `SELECT * FROM (SELECT ${base + i} AS "k", "messageId", "reasons", "anomalyScore", "time" FROM "MessageValidation" ` +
      `WHERE "sender" = ${s} AND "receiver" = ${rc} AND "outcome" = 'rejected' AND "time" > ${after} ORDER BY "time" DESC LIMIT ${MAX_MESSAGES}) AS q${i}`;
  }).join(" UNION ALL ");
  return { sql, params };
}

async function readRejected(tx: Tx, parts: { sender: string; receiver: string }[], since: Since[]): Promise<Rejected[][]> {
  const out: Rejected[][] = parts.map(() => []);
  if (parts.length === 0) return out;
  if (dbProvider() === "postgresql") return readRejectedOnPostgres(tx, parts, since, out);
  const reads: Promise<void>[] = [];
  for (let from = 0; from < parts.length; from += PER_STATEMENT) {
    const { sql, params } = rejectedSql(parts.slice(from, from + PER_STATEMENT), since.slice(from, from + PER_STATEMENT), from);
    reads.push(selectRows<RejectedRow>(tx, `${sql} ORDER BY "k", "time" DESC`, params).then((rows) => {
      for (const m of rows) {
        out[Number(m.k)].push({ messageId: m.messageId, reasons: JSON.parse(m.reasons), anomalyScore: m.anomalyScore, time: new Date(m.time).toISOString() });
      }
    }));
  }
  await Promise.all(reads);
  return out;
}

// PostgreSQL: every part in one statement of fixed text, prepared once per connection: the parts as arrays,
// each one's newest rejected messages by a LATERAL subquery. A UNION ALL of one subquery a part was parsed and
// planned anew for every set (≈ 25 ms of PostgreSQL's CPU for a set of 40 trips; docs/benchmarks.md#trips).
// A part read ahead names its boundary and no time; one with its own `since` names no boundary.
async function readRejectedOnPostgres(tx: Tx, parts: { sender: string; receiver: string }[], since: Since[], out: Rejected[][]): Promise<Rejected[][]> {
  const rows = await selectRows<RejectedRow>(tx,
    `SELECT k."i" - 1 AS "k", m."messageId", m."reasons", m."anomalyScore", m."time" ` +
      `FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[]) WITH ORDINALITY AS k("sender", "receiver", "boundaryId", "since", "i") ` +
      `CROSS JOIN LATERAL (SELECT v."messageId", v."reasons", v."anomalyScore", v."time" FROM "MessageValidation" v ` +
      `WHERE v."sender" = k."sender" AND v."receiver" = k."receiver" AND v."outcome" = 'rejected' AND v."time" > COALESCE(k."since", ` +
      `(SELECT t."time" FROM "BreakerTransition" t WHERE t."boundaryId" = k."boundaryId" AND t."applied" = true ORDER BY t."id" DESC LIMIT 1), ` +
      `'1970-01-01'::timestamp(3)) ORDER BY v."time" DESC LIMIT ${MAX_MESSAGES}) m ORDER BY k."i", m."time" DESC`,
    [
      pgArrayOf(parts.map((r) => r.sender)), pgArrayOf(parts.map((r) => r.receiver)),
      pgArrayOf(since.map((s) => ("lastAppliedOf" in s ? s.lastAppliedOf : null))),
      pgArrayOf(since.map((s) => ("at" in s ? s.at : null))),
    ], { prepared: true });
  for (const m of rows) {
    out[Number(m.k)].push({ messageId: m.messageId, reasons: JSON.parse(m.reasons), anomalyScore: m.anomalyScore, time: new Date(m.time).toISOString() });
  }
  return out;
}

// find-roots.ts for every trip's messages at once: the walk upstream carries the trip it started from.
async function findRoots(tx: Tx, messages: string[][]): Promise<ProvenanceRoot[][]> {
  const out: ProvenanceRoot[][] = messages.map(() => []);
  const walks: Promise<void>[] = [];
  for (let from = 0; from < messages.length; from += PER_STATEMENT) {
    const starts = messages.slice(from, from + PER_STATEMENT).flatMap((ids, i) => ids.map((id) => [from + i, id] as const));
    if (starts.length === 0) continue;
    const seeds = `VALUES ${starts.map(([k], i) => `(${k}, ${p(i + 1)})`).join(",")}`;
    walks.push(walkRoots(tx, seeds, starts.map(([, id]) => id), messages.length).then((roots) => roots.forEach((r, k) => r.length && (out[k] = r))));
  }
  await Promise.all(walks);
  return out;
}

// The roots upstream of seeds (a query giving rows of trip k and message id), at most MAX_ROOTS a trip, by id.
async function walkRoots(tx: Tx, seeds: string, params: (string | Date)[], trips: number): Promise<ProvenanceRoot[][]> {
  const out: ProvenanceRoot[][] = Array.from({ length: trips }, () => []);
  const sql = `
    WITH RECURSIVE seeds(k, id) AS (${seeds}),
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
  return out;
}

const depthOf = (maxDepth: number) => Math.max(1, Math.min(64, Math.floor(maxDepth)));
const reachKey = (r: { sender: string; maxChainDepth: number }) => `${depthOf(r.maxChainDepth)}|${r.sender}`;

// find-downstream-agents.ts for every distinct sender and depth at once, by reachKey.
async function findReached(tx: Tx, requests: { sender: string; maxChainDepth: number }[]): Promise<Map<string, DownstreamAgent[]>> {
  const starts = new Map<string, [number, string]>(requests.map((r) => [reachKey(r), [depthOf(r.maxChainDepth), r.sender]]));
  const keys = [...starts.keys()];
  const found = new Map<string, DownstreamAgent[]>(keys.map((key) => [key, []]));
  if (keys.length === 0) return found;
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
  return found;
}
