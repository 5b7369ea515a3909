import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { getEvent } from "../events/get-event.ts";

/** A node's signed event checked again now: valid, invalid, signed with a key since revoked, or a key no longer registered. */
export type NodeSignature = {
  nodeId: string;
  eventSeq: number;
  signer: string;
  kid: string;
  alg: string | null;
  status: "valid" | "invalid" | "key_revoked" | "unknown_key";
  keyRevokedAt: string | null;
  checkedAt: string;
};

/**
 * Re-verifies the stored signed event that reported a message or memory record (a record's memory.write,
 * a message's first message.validated) against the signer's registered key. A valid signature by a key
 * revoked since is reported as key_revoked: the bytes are intact, but the key is no longer trusted.
 */
export async function verifyNodeSignature(opts: { id: string; now?: Date }): Promise<NodeSignature> {
  const db = getDb();
  const [record, validation] = await Promise.all([
    db.memoryRecord.findUnique({ where: { recordId: opts.id }, select: { eventSeq: true } }),
    db.messageValidation.findFirst({ where: { messageId: opts.id }, orderBy: { eventSeq: "asc" }, select: { eventSeq: true } }),
  ]);
  const seq = record?.eventSeq ?? validation?.eventSeq;
  if (seq === undefined) throw new AppError("not_found", `no signed event reported ${opts.id}`);
  const { event, signature } = await getEvent({ seq });
  const status = signature.status === "valid" && signature.keyRevokedAt ? "key_revoked" : signature.status;
  return {
    nodeId: opts.id, eventSeq: seq, signer: event.source, kid: signature.kid, alg: signature.alg, status,
    keyRevokedAt: signature.keyRevokedAt, checkedAt: (opts.now ?? new Date()).toISOString(),
  };
}
