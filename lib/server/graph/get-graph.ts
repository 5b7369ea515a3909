import "server-only";
import { effectivePolicy } from "../../domain/effective-policy.ts";
import type { TBreakerState, TEdgeIncident, TGraph, TGraphAgent, TGraphBoundary } from "../../domain/graph.ts";
import { getDb } from "../db/client.ts";
import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import { capViolationCounts, fanOutFigures, incidentCounts, messageFigures, pairKey, pendingReviews, type FigureScope } from "./graph-figures.ts";

export type GetGraphOptions = {
  now?: Date;
  /** Window for message rate and failures (minutes). */
  rateMinutes?: number;
  /** Window for incidents, fan-out and violations (hours). */
  lookbackHours?: number;
  /** Only these boundaries and the agents at their ends: a patch for a live update. */
  boundaryIds?: string[];
};

const EDGE_INCIDENTS = new Set<string>(["gate_bypass", "unreported_trip"]);

// For a patch: the boundaries asked for, their agents, and every boundary those agents receive on (incident counts).
async function patchScope(ids: string[]): Promise<FigureScope> {
  const db = getDb();
  const rows = await db.boundary.findMany({ where: { id: { in: ids } }, select: { id: true, sender: true, receiver: true } });
  const agents = [...new Set(rows.flatMap((b) => [b.sender, b.receiver]))];
  const received = await db.boundary.findMany({ where: { receiver: { in: agents } }, select: { id: true } });
  return { pairs: rows.map(({ sender, receiver }) => ({ sender, receiver })), agents, boundaryIds: [...new Set([...ids, ...received.map((b) => b.id)])] };
}

/**
 * The live graph: every agent and boundary with its breaker state, pending review, message rate,
 * failures, incidents and fan-out overlay. A fixed handful of grouped queries, whatever the graph's size;
 * with `boundaryIds`, the same figures for just those boundaries and their agents.
 */
export async function getGraph(opts: GetGraphOptions = {}): Promise<TGraph> {
  const now = opts.now ?? new Date();
  const rateMinutes = opts.rateMinutes ?? 5;
  const lookbackHours = opts.lookbackHours ?? 24;
  const recent = new Date(now.getTime() - rateMinutes * 60_000);
  const lookback = new Date(now.getTime() - lookbackHours * 3_600_000);
  const db = getDb();
  const scope = opts.boundaryIds ? await patchScope(opts.boundaryIds.slice(0, 100)) : null;
  if (scope && scope.pairs.length === 0) return { agents: [], boundaries: [], windows: { rateMinutes, lookbackHours }, generatedAt: now.toISOString() };
  const [agentRows, boundaryRows, receivedRows, messages, fanOut, violations, incidents, reviews, { policy }] = await Promise.all([
    db.agent.findMany({ where: scope ? { id: { in: scope.agents } } : {}, select: { id: true, name: true, status: true }, orderBy: { id: "asc" } }),
    db.boundary.findMany({ where: scope ? { id: { in: opts.boundaryIds } } : {}, orderBy: { id: "asc" } }),
    scope ? db.boundary.findMany({ where: { id: { in: scope.boundaryIds } }, select: { id: true, receiver: true } }) : null,
    messageFigures(recent, scope),
    fanOutFigures(lookback, scope),
    capViolationCounts(lookback, scope),
    incidentCounts(lookback, scope),
    pendingReviews(scope),
    getCurrentPolicy(),
  ]);
  const receiverOf = new Map((receivedRows ?? boundaryRows).map((b) => [b.id, b.receiver]));
  const incidentsByAgent = new Map<string, number>();
  const edgeIncidents = new Map<string, TEdgeIncident[]>();
  for (const i of incidents) {
    const receiver = receiverOf.get(i.boundaryId);
    if (receiver) incidentsByAgent.set(receiver, (incidentsByAgent.get(receiver) ?? 0) + i.count);
    if (EDGE_INCIDENTS.has(i.type)) edgeIncidents.set(i.boundaryId, [...(edgeIncidents.get(i.boundaryId) ?? []), i.type as TEdgeIncident].sort());
  }
  const boundaries: TGraphBoundary[] = boundaryRows.map((b) => {
    const m = messages.get(pairKey(b.sender, b.receiver));
    const review = reviews.get(b.id);
    const cooldown = review?.cooldownEndsAt ?? (b.state === "OPEN" ? b.cooldownEndsAt : null);
    return {
      id: b.id, sender: b.sender, receiver: b.receiver, state: b.state as TBreakerState, epoch: b.epoch,
      pendingReviewId: review?.id ?? null, cooldownEndsAt: cooldown?.toISOString() ?? null,
      messageRate: m ? Math.round((m.total / rateMinutes) * 100) / 100 : 0, failedCount: m?.rejected ?? 0,
      incidents: edgeIncidents.get(b.id) ?? [], updatedAt: b.updatedAt.toISOString(),
    };
  });
  const named = new Map(agentRows.map((a) => [a.id, a]));
  const ids = new Set([...named.keys(), ...boundaryRows.flatMap((b) => [b.sender, b.receiver])]);
  const agents: TGraphAgent[] = [...ids].sort().map((id) => {
    const f = fanOut.get(id);
    return {
      id, name: named.get(id)?.name ?? id, status: named.get(id)?.status ?? "unknown",
      incidentCount: incidentsByAgent.get(id) ?? 0,
      latestFanOut: f?.latest ?? null, maxFanOut: f?.max ?? null,
      fanOutCap: effectivePolicy(policy, { agent: id }).fan_out.max_downstream_per_message,
      fanOutViolations: violations.get(pairKey(id, "fan_out")) ?? 0,
      chainDepthViolations: violations.get(pairKey(id, "chain_depth")) ?? 0,
    };
  });
  return { agents, boundaries, windows: { rateMinutes, lookbackHours }, generatedAt: now.toISOString() };
}
