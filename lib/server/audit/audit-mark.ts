import "server-only";
import { getDb } from "../db/client.ts";
import type { Tx } from "../db/tx.ts";

/** A point of the audit chain, as the AuditMark table keeps it: `version` moves with every change of the row. */
export type AuditMark = { seq: number; hash: string; entries: number; version: number };
export type AuditMarkName = "verified" | "anchored";

/** The mark, or null when it was never set (for `verified`: when the row was removed, the check starts over each time). */
export async function readAuditMark(name: AuditMarkName, tx: Tx = getDb()): Promise<AuditMark | null> {
  const m = await tx.auditMark.findUnique({ where: { name } });
  return m ? { seq: Number(m.seq), hash: m.hash, entries: Number(m.entries), version: Number(m.version) } : null;
}

/**
 * Moves the verified mark to `to`, only if nobody changed it since it read as `read`: an entry changed while
 * the check ran resets the mark (the triggers of migration 0018), and that reset must win over this move.
 */
export async function moveVerifiedMark(read: AuditMark, to: { seq: number; hash: string; entries: number }): Promise<void> {
  await getDb().auditMark.updateMany({
    where: { name: "verified", version: read.version },
    data: { ...to, version: read.version + 1, at: new Date() },
  });
}

/** Sets the anchored mark inside the caller's transaction (anchor-audit.ts holds the anchoring's turn). */
export async function setAnchoredMark(tx: Tx, to: { seq: number; hash: string }): Promise<void> {
  const data = { seq: to.seq, hash: to.hash, entries: to.seq, at: new Date() };
  await tx.auditMark.upsert({ where: { name: "anchored" }, create: { name: "anchored", ...data }, update: { ...data, version: { increment: 1 } } });
}
