import "server-only";
import { startBackgroundLoop } from "../background-loop.ts";
import { takeTurns } from "../db/take-turns.ts";
import { transaction } from "../db/transaction.ts";
import { auditHash, GENESIS_HASH } from "./audit-hash.ts";

/** Entries chained in one transaction at most: a backlog goes in several short ones. */
const BATCH = 500;
/** How often each replica looks for entries nobody chained yet (another replica's, or ones left by a crash). */
export const AUDIT_APPEND_INTERVAL_MS = 1_000;

type Passes = { waiting: Promise<number> | null; last: Promise<unknown> };
const passes = ((globalThis as Record<string, unknown>).__firebreakAuditPasses ??= { waiting: null, last: Promise.resolve() }) as Passes;

/**
 * Chains every audit entry waiting in the outbox, oldest row first, and resolves with how many it chained.
 * The one writer of the chain: each batch reads the head, appends to it with the next seqs and deletes the rows
 * it chained, all in one transaction, taking the audit log's turn first (on PostgreSQL an advisory lock, so
 * the appenders of several replicas take turns; SQLite's write transactions do anyway). Two entries can
 * therefore never chain to the same predecessor, and a row is chained exactly once, however a process dies.
 * Calls in one process share passes: a call joins the pass not yet started, or queues one after the running
 * one, so what was committed before the call is chained when it resolves.
 */
export function appendPendingAudit(): Promise<number> {
  if (passes.waiting) return passes.waiting;
  const pass = passes.last.then(() => {
    passes.waiting = null;
    return drain();
  });
  passes.waiting = pass;
  passes.last = pass.catch(() => {});
  return pass;
}

async function drain(): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await appendBatch();
    total += n;
    if (n < BATCH) return total;
  }
}

async function appendBatch(): Promise<number> {
  return transaction(async (tx) => {
    await takeTurns(tx, "audit");
    const pending = await tx.auditOutbox.findMany({ orderBy: { id: "asc" }, take: BATCH });
    if (pending.length === 0) return 0;
    const head = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const entries = pending.map(({ id: _id, ...fields }) => {
      const hash = auditHash(prevHash, fields);
      const entry = { ...fields, seq: ++seq, prevHash, hash };
      prevHash = hash;
      return entry;
    });
    // Explicit seqs: should two appenders ever read the same head, the second insert fails on the key.
    await tx.auditEntry.createMany({ data: entries });
    await tx.auditOutbox.deleteMany({ where: { id: { in: pending.map((p) => p.id) } } });
    return pending.length;
  }, { path: "driver" });
}

/** Chains what waits in the outbox every AUDIT_APPEND_INTERVAL_MS in the background, once per process. */
export function startAuditAppending(): void {
  startBackgroundLoop("audit appending", AUDIT_APPEND_INTERVAL_MS, appendPendingAudit);
}
