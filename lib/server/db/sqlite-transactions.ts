import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { savepoint } from "./driver-savepoint.ts";
import { syncWal } from "./wal-sync.ts";
import { WriteLock } from "./write-lock.ts";

// SQLite has one connection per process, and a transaction on it is everyone's: transactions must take turns.
// Prisma's adapter makes its own interactive transactions take turns with a lock of its own; the ingest hot
// path opens raw ones (BEGIN IMMEDIATE … COMMIT on the driver), which skip Prisma's per-transaction machinery
// (about 2 ms a batch, measured with the ingest benchmark). Both kinds take turns on one lock here:
// - a Prisma transaction started from inside a raw one (a projector's nested write) joins it as a SAVEPOINT;
// - one started anywhere else waits for the lock, as it waited for Prisma's own.

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type SqlQuery = Parameters<SqlDriverAdapter["queryRaw"]>[0];

// One lock and one marker per process, shared by every bundle that loads this module (Next loads it once for the
// routes and again for instrumentation's background loops): the connection is one, so its turns must be too.
const shared = ((globalThis as Record<string, unknown>).__firebreakSqliteTurns ??= {
  lock: new WriteLock(),
  insideRaw: new AsyncLocalStorage<{ savepoints: number }>(),
}) as { lock: WriteLock; insideRaw: AsyncLocalStorage<{ savepoints: number }> };
const { lock, insideRaw } = shared;

/**
 * Runs fn in a raw write transaction on the SQLite connection, committed and synced to disk before this
 * resolves, rolled back if fn throws. Prisma calls fn makes on the plain client run inside it.
 */
export async function rawSqliteTransaction<T>(db: BetterSqlite3.Database, fn: () => Promise<T>): Promise<T> {
  const release = await lock.acquire();
  const wal = walOf(db);
  let result: T;
  // The connection runs synchronous=FULL: every COMMIT fsyncs the WAL while the request thread waits for the
  // disk. In WAL mode this transaction commits at NORMAL instead (written to the WAL, not yet synced; SQLite
  // allows the switch only between transactions) and the WAL is then synced on the thread pool (wal-sync.ts)
  // before this resolves: as durable, and the request thread and the next transaction go on meanwhile.
  if (wal) db.exec("PRAGMA synchronous = NORMAL");
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      result = await insideRaw.run({ savepoints: 0 }, fn);
    } catch (err) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw err;
    }
    db.exec("COMMIT");
  } finally {
    if (wal) db.exec("PRAGMA synchronous = FULL");
    release();
  }
  if (wal) await syncWal(wal);
  return result;
}

const wals = new WeakMap<BetterSqlite3.Database, string | null>();

/** The WAL file of a database in WAL mode, or null (in memory, or another journal mode). */
function walOf(db: BetterSqlite3.Database): string | null {
  let wal = wals.get(db);
  if (wal === undefined) {
    wal = !db.memory && db.pragma("journal_mode", { simple: true }) === "wal" ? `${db.name}-wal` : null;
    wals.set(db, wal);
  }
  return wal;
}

/**
 * Makes the adapter's transactions take turns with raw ones, and its plain queries wait for the transaction
 * open on the connection, if any (called once, when Prisma connects).
 */
export function shareWriteLock(adapter: SqlDriverAdapter): void {
  // A plain query runs on the same one connection: while someone's transaction is open it would run inside
  // it, a write rolled back with it though its caller was told it was stored, a read seeing rows not yet
  // committed. Inside a raw transaction (its own projectors' queries) it runs at once.
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const run = adapter[method].bind(adapter) as (q: SqlQuery) => Promise<never>;
    adapter[method] = async (q: SqlQuery) => {
      if (!lock.busy || insideRaw.getStore()) return run(q);
      const release = await lock.acquire();
      try {
        return await run(q);
      } finally {
        release();
      }
    };
  }
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const raw = insideRaw.getStore();
    if (raw) return savepoint(adapter, `fb_${++raw.savepoints}`);
    const release = await lock.acquire();
    try {
      const tx = await start(isolationLevel);
      // Prisma begins a deferred transaction: one that reads, then writes after another process (a CLI, a
      // second server) committed, fails at once with SQLITE_BUSY instead of waiting. A write that changes
      // nothing takes the write lock now, waiting up to the busy timeout, as BEGIN IMMEDIATE would.
      await tx.executeRaw({ sql: "DELETE FROM _firebreak_migrations WHERE 0", args: [], argTypes: [] });
      const [commit, rollback] = [tx.commit.bind(tx), tx.rollback.bind(tx)];
      tx.commit = () => commit().finally(release);
      tx.rollback = () => rollback().finally(release);
      return tx;
    } catch (err) {
      release();
      throw err;
    }
  };
}
