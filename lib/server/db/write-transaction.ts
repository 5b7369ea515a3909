import "server-only";
import { dbProvider, getDb, sqliteConnection } from "./client.ts";
import { rawSqliteTransaction } from "./sqlite-transactions.ts";
import type { Tx } from "./tx.ts";

/**
 * Runs fn in one write transaction, committed before this resolves: on SQLite a raw one on the driver
 * (sqlite-transactions.ts: the ingest hot path's, without Prisma's per-transaction cost), on PostgreSQL
 * Prisma's interactive transaction. Run Prisma calls and insertRows/selectRows on the tx fn is given.
 */
export async function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = getDb();
  if (dbProvider() !== "sqlite") return db.$transaction(fn, { timeout: 30_000 });
  if (!sqliteConnection()) await db.$connect();
  return rawSqliteTransaction(sqliteConnection()!, () => fn(db));
}
