import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { LineageNode, TracedNode } from "../../domain/views.ts";
import { walkLineage } from "./walk-lineage.ts";

export type { TracedNode };
export type Trace = {
  node: TracedNode;
  upstream: TracedNode[];
  downstream: TracedNode[];
  origins: TracedNode[];
  affectedAgents: string[];
  depth: number;
};

/**
 * The full chain that produced a message or memory record (upstream to its origins) and everything
 * derived from it (downstream: the blast radius), each bounded by depth.
 */
export async function traceProvenance(opts: { id: string; depth?: number }): Promise<Trace> {
  const depth = Math.min(Math.max(opts.depth ?? 5, 1), 20);
  const db = getDb();
  const self = await db.provenanceNode.findUnique({ where: { id: opts.id } });
  if (!self) throw new AppError("not_found", `no message or memory record ${opts.id}`);
  const [up, down] = await Promise.all([
    walkLineage({ ids: [opts.id], direction: "upstream", maxDepth: depth }),
    walkLineage({ ids: [opts.id], direction: "downstream", maxDepth: depth }),
  ]);
  const all = [{ id: self.id, depth: 0, kind: self.kind, agentId: self.agentId, createdAt: self.createdAt }, ...up, ...down];
  const described = await describe(all);
  const [node, ...rest] = described;
  const upstream = rest.slice(0, up.length);
  const downstream = rest.slice(up.length);
  const origins = [node, ...upstream].filter((n) => !n.hasParents);
  const affectedAgents = [...new Set(downstream.map((n) => n.agentId).filter((a): a is string => a !== null))].sort();
  return { node, upstream, downstream, origins, affectedAgents, depth };
}

// One line of what each node is, and whether it has parents of its own (else it is an origin).
async function describe(nodes: LineageNode[]): Promise<TracedNode[]> {
  const ids = nodes.map((n) => n.id);
  const db = getDb();
  const [messages, records, withParents] = await Promise.all([
    db.message.findMany({ where: { messageId: { in: ids } }, select: { messageId: true, sender: true, chain: true } }),
    db.memoryRecord.findMany({ where: { recordId: { in: ids } }, select: { recordId: true, writer: true, partition: true, key: true } }),
    db.provenanceEdge.findMany({ where: { childId: { in: ids } }, select: { childId: true }, distinct: ["childId"] }),
  ]);
  const detail = new Map<string, string>();
  for (const m of messages) detail.set(m.messageId, `message from ${m.sender} via ${(JSON.parse(m.chain) as string[]).join(" → ")}`);
  for (const r of records) detail.set(r.recordId, `memory ${r.partition}/${r.key} written by ${r.writer}`);
  const parented = new Set(withParents.map((e) => e.childId));
  return nodes.map((n) => ({ ...n, detail: detail.get(n.id) ?? (n.kind ? `${n.kind}` : "unknown (referenced, never reported)"), hasParents: parented.has(n.id) }));
}
