import "server-only";
import type BetterSqlite3 from "better-sqlite3";
import { startBackgroundLoop } from "../background-loop.ts";
import { insertRows, readDate, selectRows } from "../db/sql.ts";
import { takeTurns } from "../db/take-turns.ts";
import { transaction } from "../db/transaction.ts";
import type { Tx } from "../db/tx.ts";
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

type Pending = { id: number | bigint; actor: string; action: string; subject: string; before: string | null; after: string | null; createdAt: string | Date };

const ENTRY_COLUMNS = ["seq", "actor", "action", "subject", "before", "after", "createdAt", "prevHash", "hash"];

/**
 * One batch on the driver, in one transaction: the audit log's turn, then chainOutbox.
 */
async function appendBatch(): Promise<number> {
  return transaction(async (tx) => {
    await takeTurns(tx, "audit");
    return chainOutbox(tx);
  }, { path: "driver" });
}

/**
 * Chains up to BATCH outbox rows, the oldest first, inside the caller's transaction, which must hold the audit
 * log's turn: one `DELETE … RETURNING` takes them, the head is read, and one multi-row insert appends them.
 * The fields are hashed as read back (the same text and instant Prisma reads), so the chain is the one
 * verify-audit checks. Returns how many it chained.
 */
async function chainOutbox(tx: Tx): Promise<number> {
  // Both at once (on PostgreSQL one round trip, pg-pipeline.ts): the head is read under the turn, which no other
  // appender holds, so taking the rows first changes nothing it reads.
  const [taken, [head]] = await Promise.all([
    selectRows<Pending>(tx,
      `DELETE FROM "AuditOutbox" WHERE "id" IN (SELECT "id" FROM "AuditOutbox" ORDER BY "id" LIMIT ${BATCH})
       RETURNING "id", "actor", "action", "subject", "before", "after", "createdAt"`, []),
    selectRows<{ seq: number | bigint; hash: string }>(tx, `SELECT "seq", "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1`, []),
  ]);
  if (taken.length === 0) return 0;
  // RETURNING gives no order: chain in the outbox's order.
  const pending = taken.map((p) => ({ ...p, id: Number(p.id), createdAt: readDate(p.createdAt) })).sort((a, b) => a.id - b.id);
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = pending.map(({ id: _id, ...fields }) => {
    const hash = auditHash(prevHash, fields);
    const row = [++seq, fields.actor, fields.action, fields.subject, fields.before, fields.after, fields.createdAt, prevHash, hash];
    prevHash = hash;
    return row;
  });
  // Explicit seqs: should two appenders ever read the same head, the second insert fails on the key.
  await insertRows(tx, "AuditEntry", ENTRY_COLUMNS, rows);
  return pending.length;
}

/**
 * SQLite only, at the end of a driver transaction that wrote to the outbox (transaction.ts): chains every row
 * waiting, its own included, before its COMMIT. SQLite's write transactions take turns on the one connection
 * (and BEGIN IMMEDIATE across processes), so the transaction holds the audit log's turn already, and the
 * separate pass after the commit (a second transaction and WAL sync per ingest batch) is saved. Run in a
 * savepoint: should chaining fail, the change still commits and its rows wait for the background appender.
 */
export async function chainBeforeCommit(tx: Tx, db: BetterSqlite3.Database): Promise<void> {
  db.exec("SAVEPOINT fb_audit_chain");
  try {
    while ((await chainOutbox(tx)) === BATCH);
    db.exec("RELEASE SAVEPOINT fb_audit_chain");
  } catch (err) {
    db.exec("ROLLBACK TO SAVEPOINT fb_audit_chain");
    db.exec("RELEASE SAVEPOINT fb_audit_chain");
    console.error("audit chaining before commit failed; the background appender retries", err);
  }
}

/** Chains what waits in the outbox every AUDIT_APPEND_INTERVAL_MS in the background, once per process. */
export function startAuditAppending(): void {
  startBackgroundLoop("audit appending", AUDIT_APPEND_INTERVAL_MS, appendPendingAudit);
}
