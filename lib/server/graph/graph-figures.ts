import "server-only";
import { getDb } from "../db/client.ts";

/** Per-boundary message figures over the recent window, keyed by `sender\0receiver`. */
export type MessageFigures = Map<string, { total: number; rejected: number }>;

/** Per-agent fan-out figures over the look-back. */
export type FanOutFigures = Map<string, { latest: number; max: number }>;

/** The key of a boundary in the figure maps. */
export const pairKey = (sender: string, receiver: string) => `${sender}\u0000${receiver}`;

/** Which part of the graph to compute figures for (everything when absent). */
export type FigureScope = { pairs: { sender: string; receiver: string }[]; agents: string[]; boundaryIds: string[] } | null;

/** Validated messages per boundary since `since`, all and rejected: one grouped query. */
export async function messageFigures(since: Date, scope: FigureScope = null): Promise<MessageFigures> {
  const rows = await getDb().messageValidation.groupBy({
    by: ["sender", "receiver", "outcome"],
    where: { time: { gte: since }, ...(scope ? { OR: scope.pairs } : {}) },
    _count: { _all: true },
  });
  const out: MessageFigures = new Map();
  for (const r of rows) {
    const key = pairKey(r.sender, r.receiver);
    const f = out.get(key) ?? { total: 0, rejected: 0 };
    f.total += r._count._all;
    if (r.outcome === "rejected") f.rejected += r._count._all;
    out.set(key, f);
  }
  return out;
}

/** Each sender's newest and largest fan-out since `since`: one grouped query and one lookup of the newest rows. */
export async function fanOutFigures(since: Date, scope: FigureScope = null): Promise<FanOutFigures> {
  const db = getDb();
  const where = { time: { gte: since }, ...(scope ? { sender: { in: scope.agents } } : {}) };
  const groups = await db.messageValidation.groupBy({ by: ["sender"], where, _max: { id: true, fanOut: true } });
  const newestIds = groups.map((g) => g._max.id).filter((id): id is number => id !== null);
  const newest = newestIds.length ? await db.messageValidation.findMany({ where: { id: { in: newestIds } }, select: { sender: true, fanOut: true } }) : [];
  const latestBySender = new Map(newest.map((r) => [r.sender, r.fanOut]));
  return new Map(groups.map((g) => [g.sender, { latest: latestBySender.get(g.sender) ?? 0, max: g._max.fanOut ?? 0 }]));
}

/** fan_out and chain_depth violations per agent since `since`, keyed by `agent\0rule`. */
export async function capViolationCounts(since: Date, scope: FigureScope = null): Promise<Map<string, number>> {
  const rows = await getDb().policyViolation.groupBy({
    by: ["agentId", "rule"],
    where: { time: { gte: since }, rule: { in: ["fan_out", "chain_depth"] }, ...(scope ? { agentId: { in: scope.agents } } : {}) },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [pairKey(r.agentId, r.rule), r._count._all]));
}

/** Incidents per boundary and type since `since`. */
export async function incidentCounts(since: Date, scope: FigureScope = null): Promise<{ boundaryId: string; type: string; count: number }[]> {
  const rows = await getDb().incident.groupBy({
    by: ["boundaryId", "type"],
    where: { createdAt: { gte: since }, boundaryId: scope ? { in: scope.boundaryIds } : { not: null } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ boundaryId: r.boundaryId!, type: r.type, count: r._count._all }));
}

/** The newest pending review of each boundary that has one. */
export async function pendingReviews(scope: FigureScope = null): Promise<Map<string, { id: string; cooldownEndsAt: Date }>> {
  const rows = await getDb().review.findMany({
    where: { status: "pending", ...(scope ? { boundaryId: { in: scope.boundaryIds } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, boundaryId: true, cooldownEndsAt: true },
  });
  return new Map(rows.map((r) => [r.boundaryId, { id: r.id, cooldownEndsAt: r.cooldownEndsAt }]));
}
