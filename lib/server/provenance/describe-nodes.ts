import "server-only";
import type { TLineageNode, TLineageSide } from "../../domain/lineage.ts";
import { getDb } from "../db/client.ts";
import type { LineageNode } from "./walk-lineage.ts";

/** A walked node and where it sits relative to the traced one. */
export type PlacedNode = LineageNode & { side: TLineageSide };

/**
 * What a person checks about each node: author, time, partition, value hash, the signed event that reported
 * it and how many parents and children it has in the whole store. A fixed number of queries for any count.
 */
export async function describeNodes(nodes: PlacedNode[]): Promise<TLineageNode[]> {
  const ids = nodes.map((n) => n.id);
  const db = getDb();
  const [messages, validations, records, parents, children] = await Promise.all([
    db.message.findMany({ where: { messageId: { in: ids } }, select: { messageId: true, sender: true, chain: true } }),
    db.messageValidation.groupBy({ by: ["messageId"], where: { messageId: { in: ids } }, _min: { eventSeq: true } }),
    db.memoryRecord.findMany({ where: { recordId: { in: ids } }, select: { recordId: true, writer: true, partition: true, key: true, valueHash: true, eventSeq: true } }),
    db.provenanceEdge.groupBy({ by: ["childId"], where: { childId: { in: ids } }, _count: { _all: true } }),
    db.provenanceEdge.groupBy({ by: ["parentId"], where: { parentId: { in: ids } }, _count: { _all: true } }),
  ]);
  const message = new Map(messages.map((m) => [m.messageId, m]));
  const firstReport = new Map(validations.map((v) => [v.messageId, v._min.eventSeq]));
  const record = new Map(records.map((r) => [r.recordId, r]));
  const parentCount = new Map(parents.map((p) => [p.childId, p._count._all]));
  const childCount = new Map(children.map((c) => [c.parentId, c._count._all]));
  return nodes.map((n) => {
    const m = message.get(n.id);
    const r = record.get(n.id);
    const detail = m
      ? `message from ${m.sender} via ${(JSON.parse(m.chain) as string[]).join(" → ")}`
      : r ? `memory ${r.partition}/${r.key} written by ${r.writer}` : n.kind ?? "unknown (referenced, never reported)";
    return {
      id: n.id,
      kind: n.kind,
      agentId: n.agentId,
      time: n.createdAt?.toISOString() ?? null,
      partition: r?.partition ?? null,
      valueHash: r?.valueHash ?? null,
      eventSeq: r?.eventSeq ?? firstReport.get(n.id) ?? null,
      detail,
      side: n.side,
      depth: n.depth,
      parents: parentCount.get(n.id) ?? 0,
      children: childCount.get(n.id) ?? 0,
    };
  });
}
