import "server-only";
import { insertRows } from "../db/sql.ts";
import type { EVENT_TYPE } from "../../domain/events.ts";
import type { Projector } from "../events/projection.ts";

/** memory.write → the record, its provenance node and the edges to what it was derived from. */
export const projectMemoryWrites: Projector<typeof EVENT_TYPE.memoryWrite> = async ({ tx }, events) => {
  const rows = events.map((e) => ({ e, d: e.data }));
  await insertRows(tx, "MemoryRecord", ["recordId", "writer", "partition", "key", "valueHash", "chain", "time", "eventSeq"],
    rows.map(({ e, d }) => [d.recordId, e.source, d.partition, d.key, d.valueHash, JSON.stringify(d.chain), e.time, e.seq]),
    { ignoreConflicts: true });
  await insertRows(tx, "ProvenanceNode", ["id", "kind", "agentId", "createdAt"],
    rows.map(({ e, d }) => [d.recordId, "record", e.source, e.time]), { ignoreConflicts: true });
  await insertRows(tx, "ProvenanceEdge", ["childId", "parentId"],
    rows.flatMap(({ d }) => d.derivedFrom.map((p) => [d.recordId, p])), { ignoreConflicts: true });
};

/** memory.read → a read row (who read which partition, under which grant). */
export const projectMemoryReads: Projector<typeof EVENT_TYPE.memoryRead> = async ({ tx }, events) => {
  await insertRows(tx, "MemoryRead", ["eventSeq", "reader", "recordId", "partition", "key", "grantId", "time"],
    events.map((e) => {
      const d = e.data;
      return [e.seq, e.source, d.recordId, d.partition, d.key, d.grantId ?? null, e.time];
    }));
};
