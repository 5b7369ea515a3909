import "server-only";
import { insertRows } from "../db/sql.ts";
import type { EVENT_TYPE } from "../../domain/events.ts";
import type { Projector } from "../events/projection.ts";

/** message.validated → message node, its provenance edges, and the receiver's verdict (the boundary was created
 * before any projection step: ingest/lock-batch.ts). */
export const projectMessages: Projector<typeof EVENT_TYPE.messageValidated> = async ({ tx }, events) => {
  const rows = events.map((e) => ({ e, d: e.data }));
  await insertRows(tx, "Message", ["messageId", "sender", "chain", "chainDepth", "firstSeenAt"],
    rows.map(({ e, d }) => [d.messageId, d.sender, JSON.stringify(d.chain), d.chain.length, e.time]), { ignoreConflicts: true });
  await insertRows(tx, "ProvenanceNode", ["id", "kind", "agentId", "createdAt"],
    rows.map(({ e, d }) => [d.messageId, "message", d.sender, e.time]), { ignoreConflicts: true });
  await insertRows(tx, "ProvenanceEdge", ["childId", "parentId"],
    rows.flatMap(({ d }) => d.parents.map((p) => [d.messageId, p])), { ignoreConflicts: true });
  await insertRows(tx, "MessageValidation",
    ["eventSeq", "messageId", "sender", "receiver", "outcome", "reasons", "anomalyScore", "fanOut", "chainDepth", "time"],
    rows.map(({ e, d }) => [e.seq, d.messageId, d.sender, d.receiver, d.outcome, JSON.stringify(d.reasons), d.anomalyScore, d.fanOut, d.chain.length, e.time]));
};
