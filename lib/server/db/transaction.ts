import "server-only";
import { appendPendingAudit, chainBeforeCommit } from "../audit/append-pending.ts";
import { takeQueued, withAuditScope } from "../audit/audit-queue.ts";
import { dbProvider, getDb, pgPool, sqliteConnection } from "./client.ts";
import { joinsRawPgTransactions, rawPgTransaction } from "./pg-transactions.ts";
import { rawSqliteTransaction } from "./sqlite-transactions.ts";
import { takeTurns, type Turn } from "./take-turns.ts";
import type { Tx } from "./tx.ts";

/**
 * How long a Prisma transaction waits for a pooled connection before it gives up (Prisma's own default, 2 s, made
 * a burst of 40 registrations on a pool of 10 fail under load). Past it the caller gets 503 + Retry-After
 * (unavailable.ts), never a 500 (docs/scale.md#postgresql-sizing).
 */
export const PRISMA_MAX_WAIT_MS = 10_000;

/** Which way a transaction runs; see transaction(). */
export type TransactionPath = "prisma" | "driver";

/**
 * The one way a service writes atomically: runs fn in one transaction, committed before this resolves and
 * rolled back if fn throws. Services that join a caller's transaction take a `Tx` instead of calling this.
 *
 * - `path: "prisma"` (the default): Prisma's interactive transaction (5 s timeout, up to PRISMA_MAX_WAIT_MS in
 *   line for a connection). Use it for a person's or
 *   a background job's change: a few rows and the audit entry that records it (appendAudit on the same tx).
 * - `path: "driver"`: for the ingest hot path and the work that runs beside it on every event (the breaker
 *   sweep). On SQLite a raw `BEGIN IMMEDIATE` on the driver: no Prisma per-transaction cost (about 2 ms a
 *   batch), the WAL synced off the request thread (sqlite-transactions.ts). On PostgreSQL a raw BEGIN on one
 *   pooled connection of the pg driver (pg-transactions.ts), 30 s per statement, its inserts sent without
 *   waiting for their answer, a failure thrown by the next read or COMMIT (pg-pipeline.ts). Write many rows with
 *   insertRows/selectRows on tx: they go straight to the driver. Prisma calls on tx join the transaction too.
 *   Both paths take turns on SQLite's one connection.
 * - `turns`: when what the transaction reads decides what it writes, and two of them at once would each act
 *   on what the other is changing (two admins demoting each other), name a lock: on PostgreSQL (read
 *   committed) the transaction takes it first and keeps it to the end; SQLite's write transactions take turns
 *   anyway.
 * - Audit entries: appendAudit on tx writes them to the audit outbox without a lock; once the transaction has
 *   committed, this chains them (append-pending.ts) before it returns. Should that fail, the change stands and
 *   the background appender chains them within a second or so. A driver transaction on SQLite, which holds
 *   the one write lock anyway, chains them before its COMMIT instead (chainBeforeCommit).
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>, opts: { path?: TransactionPath; turns?: Turn } = {}): Promise<T> {
  const { result, queued } = await withAuditScope(() => run(fn, opts));
  if (queued) await appendPendingAudit().catch((err) => console.error("audit appending failed; the background appender retries", err));
  return result;
}

async function run<T>(fn: (tx: Tx) => Promise<T>, opts: { path?: TransactionPath; turns?: Turn }): Promise<T> {
  const db = getDb();
  const body = opts.turns ? async (tx: Tx) => (await takeTurns(tx, opts.turns!), fn(tx)) : fn;
  if ((opts.path ?? "prisma") === "prisma") return db.$transaction(body, { maxWait: PRISMA_MAX_WAIT_MS });
  if (dbProvider() !== "sqlite") {
    if (!joinsRawPgTransactions()) await db.$connect(); // the adapter joins raw transactions once connected
    return rawPgTransaction(pgPool()!, () => body(db));
  }
  if (!sqliteConnection()) await db.$connect();
  const sqlite = sqliteConnection()!;
  return rawSqliteTransaction(sqlite, async () => {
    const result = await body(db);
    // What it wrote to the audit outbox is chained before the COMMIT (append-pending.ts): no pass after it.
    if (takeQueued() > 0) await chainBeforeCommit(db, sqlite);
    return result;
  });
}
