import "server-only";
import { effectivePolicy } from "../../domain/effective-policy.ts";
import { violationTotal } from "../../domain/violation.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import type { AgentSummary } from "../../domain/views.ts";

export type { AgentSummary };

/** One agent (registered, or only seen in messages) with keys, caps, violations and boundaries; not_found when unknown. */
export async function getAgentSummary(opts: { id: string; take?: number }): Promise<AgentSummary> {
  const db = getDb();
  const take = opts.take ?? 10;
  const [agent, boundaries, counts, latest, { policy }] = await Promise.all([
    db.agent.findUnique({ where: { id: opts.id }, include: { keys: { orderBy: { createdAt: "asc" } } } }),
    db.boundary.findMany({ where: { OR: [{ sender: opts.id }, { receiver: opts.id }] }, select: { id: true, sender: true, receiver: true, state: true }, orderBy: { id: "asc" } }),
    // One grouped query on both databases: rows, rows with a count and their sum give each rule's total (violationTotal).
    db.policyViolation.groupBy({ by: ["rule"], where: { agentId: opts.id }, _count: { _all: true, count: true }, _sum: { count: true } }),
    db.policyViolation.findMany({ where: { agentId: opts.id }, orderBy: { id: "desc" }, take }),
    getCurrentPolicy(),
  ]);
  if (!agent && boundaries.length === 0) throw new AppError("not_found", `no agent ${opts.id}`);
  const caps = effectivePolicy(policy, { agent: opts.id }).fan_out;
  return {
    id: opts.id, name: agent?.name ?? opts.id, status: agent?.status ?? "unknown",
    keys: (agent?.keys ?? []).map((k) => ({ kid: k.kid, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null })),
    caps: { maxDownstreamPerMessage: caps.max_downstream_per_message, maxChainDepth: caps.max_chain_depth },
    violations: {
      counts: Object.fromEntries(counts.map((c) => [c.rule, violationTotal(c.rule, { rows: c._count._all, withCount: c._count.count, countSum: c._sum.count ?? 0 })])),
      latest: latest.map((v) => ({ rule: v.rule, detail: v.detail, count: v.count, time: v.time.toISOString() })),
    },
    boundaries,
  };
}
