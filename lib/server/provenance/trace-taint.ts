import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import { getDb } from "../db/client.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { walkLineage } from "./walk-lineage.ts";
import type { TaintReport } from "../../domain/views.ts";

export type TaintInput = { nodeId?: string; agentId?: string; from?: Date; to?: Date; depth?: number; actor: string };
export type { TaintReport };

const MAX_SEEDS = 1_000;

/**
 * Marks a node, or everything an agent produced in a time window, as tainted and lists every downstream
 * record, message and agent it reached: "what did it corrupt?". The tracing itself is audited.
 */
export async function traceTaint(input: TaintInput): Promise<TaintReport> {
  const seeds = await seedsOf(input);
  const reached = await walkLineage({ ids: seeds, direction: "downstream", maxDepth: Math.min(input.depth ?? 5, 20) });
  const seedSet = new Set(seeds);
  const downstream = reached.filter((n) => !seedSet.has(n.id));
  const pick = (kind: string) => downstream.filter((n) => n.kind === kind).map((n) => ({ id: n.id, agentId: n.agentId, depth: n.depth }));
  const report: TaintReport = {
    seeds: seeds.length,
    records: pick("record"),
    messages: pick("message"),
    agents: [...new Set(downstream.map((n) => n.agentId).filter((a): a is string => a !== null))].sort(),
  };
  await transaction((tx) =>
    appendAudit(tx, {
      actor: input.actor,
      action: "provenance.taint_traced",
      subject: input.nodeId ? `node:${input.nodeId}` : `agent:${input.agentId}`,
      after: { seeds: report.seeds, records: report.records.length, messages: report.messages.length, agents: report.agents },
    }),
  );
  return report;
}

async function seedsOf(input: TaintInput): Promise<string[]> {
  const db = getDb();
  if (input.nodeId) {
    if (!(await db.provenanceNode.findUnique({ where: { id: input.nodeId } }))) throw new AppError("not_found", `no message or memory record ${input.nodeId}`);
    return [input.nodeId];
  }
  if (!input.agentId) throw new AppError("invalid", "name a node, or an agent and a time window");
  const rows = await db.provenanceNode.findMany({
    where: { agentId: input.agentId, createdAt: { gte: input.from ?? new Date(0), lte: input.to ?? new Date() } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: MAX_SEEDS,
  });
  if (rows.length === 0) throw new AppError("not_found", `${input.agentId} produced nothing in that window`);
  return rows.map((r) => r.id);
}
