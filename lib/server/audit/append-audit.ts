import "server-only";
import { insertRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import { appendPendingAudit } from "./append-pending.ts";
import { noteQueued } from "./audit-queue.ts";

export type AuditInput = { actor: string; action: string; subject: string; before?: unknown; after?: unknown };

/**
 * Records one audit entry inside the caller's transaction: a row of the audit outbox, committed (or rolled
 * back) with the change it records. It takes no lock, so concurrent writers never wait on each other here;
 * the one appender (append-pending.ts) chains it once the transaction has committed, and transaction()
 * waits for that before it returns (see docs/architecture.md#audit).
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  await appendAudits(tx, [input]);
}

/** Several audit entries in this order, as appendAudit records one: one multi-row insert into the outbox. */
export async function appendAudits(tx: Tx, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  const at = new Date();
  await insertRows(tx, "AuditOutbox", ["actor", "action", "subject", "before", "after", "createdAt"],
    inputs.map((input) => [input.actor, input.action, input.subject, json(input.before), json(input.after), at]));
  // Outside transaction() the rows are committed already: chain them now.
  if (!noteQueued(inputs.length)) void appendPendingAudit().catch((err) => console.error("audit appending failed", err));
}
