import "server-only";
import { takeTurns } from "../db/take-turns.ts";
import type { Tx } from "../db/tx.ts";
import { auditHash, GENESIS_HASH } from "./audit-hash.ts";

export type AuditInput = { actor: string; action: string; subject: string; before?: unknown; after?: unknown };

/** Appends one entry to the hash-chained audit log, inside the caller's transaction. */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  // Serialise appenders so two entries never chain to the same predecessor.
  await takeTurns(tx, "audit");
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.after === undefined ? null : JSON.stringify(input.after),
    createdAt: new Date(),
  };
  await tx.auditEntry.create({ data: { ...fields, prevHash, hash: auditHash(prevHash, fields) } });
}
