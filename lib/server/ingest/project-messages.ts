import { insertRows } from "../db/sql.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import type { Projector } from "./projection.ts";

type Validated = {
  messageId: string;
  sender: string;
  receiver: string;
  outcome: string;
  reasons: string[];
  anomalyScore: number;
  chain: string[];
  parents: string[];
  fanOut: number;
};

/** message.validated → message node, its provenance edges, the receiver's verdict, and the boundary. */
export const projectMessages: Projector = async ({ tx, now }, events) => {
  const rows = events.map((e) => ({ e, d: e.data as unknown as Validated }));
  await ensureBoundaries(tx, rows.map(({ d }) => [d.sender, d.receiver]), now);
  await insertRows(tx, "Message", ["messageId", "sender", "chain", "chainDepth", "firstSeenAt"],
    rows.map(({ e, d }) => [d.messageId, d.sender, JSON.stringify(d.chain), d.chain.length, e.time]), { ignoreConflicts: true });
  await insertRows(tx, "ProvenanceNode", ["id", "kind", "agentId", "createdAt"],
    rows.map(({ e, d }) => [d.messageId, "message", d.sender, e.time]), { ignoreConflicts: true });
  await insertRows(tx, "ProvenanceEdge", ["childId", "parentId"],
    rows.flatMap(({ d }) => d.parents.map((p) => [d.messageId, p])), { ignoreConflicts: true });
  await insertRows(tx, "MessageValidation",
    ["eventSeq", "messageId", "sender", "receiver", "outcome", "reasons", "anomalyScore", "fanOut", "time"],
    rows.map(({ e, d }) => [e.seq, d.messageId, d.sender, d.receiver, d.outcome, JSON.stringify(d.reasons), d.anomalyScore, d.fanOut, e.time]));
};

/** Creates the boundaries that do not exist yet (CLOSED, epoch 0). */
export async function ensureBoundaries(tx: Parameters<Projector>[0]["tx"], pairs: string[][], now: Date): Promise<void> {
  const unique = new Map(pairs.map(([s, r]) => [boundaryId(s, r), [s, r]]));
  await insertRows(tx, "Boundary", ["id", "sender", "receiver", "createdAt", "updatedAt"],
    [...unique].map(([id, [s, r]]) => [id, s, r, now, now]), { ignoreConflicts: true });
}
