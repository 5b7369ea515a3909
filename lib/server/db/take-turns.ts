import "server-only";
import { dbProvider } from "./client.ts";
import { runSql } from "./sql.ts";
import type { Tx } from "./tx.ts";

/** Writers that must take turns: what each one reads decides what it writes. */
const LOCKS = { audit: 724012, adminRoles: 724013, anchor: 724031 } as const;

/** A lock that transactions take turns on (see transaction.ts). */
export type Turn = keyof typeof LOCKS;

/**
 * Makes the rest of the caller's transaction take turns with every other transaction that takes the same
 * lock, until it ends: a PostgreSQL advisory transaction lock (read committed lets two transactions read the
 * same rows and both write as if alone). SQLite's write transactions take turns already.
 */
export async function takeTurns(tx: Tx, lock: Turn): Promise<void> {
  // Through the driver on a driver transaction (sent ahead of the statements after it, pg-pipeline.ts), through
  // Prisma on one of Prisma's transactions (sql.ts).
  if (dbProvider() === "postgresql") await runSql(tx, `SELECT pg_advisory_xact_lock(${LOCKS[lock]})`, []);
}
