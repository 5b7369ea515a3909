import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { savepoint, type SavepointHost } from "./driver-savepoint.ts";
import { PgPipeline } from "./pg-pipeline.ts";

// The ingest hot path on PostgreSQL writes as on SQLite: BEGIN … COMMIT on one pooled connection of the pg
// driver, multi-row INSERTs sent straight to it, none of Prisma's per-statement and per-transaction work
// (Prisma's interactive transaction and raw queries cost about 1.8× SQLite's Node CPU per event). The Prisma
// calls its projectors make (a trip, its review and audit entry) join that transaction: while one is open, the
// adapter sends what comes from inside it to the same connection, and a nested Prisma transaction becomes a
// SAVEPOINT. Everything else in the process uses the pool as before. Writes whose answer nobody reads go out
// without waiting for it (pg-pipeline.ts).

type SqlDriverAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Open = { pipeline: PgPipeline; host: SavepointHost; savepoints: number };

// One per process, not per module instance: Next bundles this file into more than one chunk (a route, the
// background jobs), and the adapter patched from one must see the transactions opened from another.
type State = { inside: AsyncLocalStorage<Open>; adapterProto?: object; adapterOptions?: unknown };
const state = ((globalThis as { __firebreakPgTransactions?: State }).__firebreakPgTransactions ??= { inside: new AsyncLocalStorage<Open>() });
const inside = state.inside;

/** Makes the adapter's queries and transactions join the raw transaction open in their async context, if any. */
export function joinRawPgTransactions(adapter: SqlDriverAdapter): void {
  state.adapterProto = Object.getPrototypeOf(adapter) as object;
  state.adapterOptions = (adapter as unknown as { pgOptions?: unknown }).pgOptions;
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const own = adapter[method].bind(adapter) as SavepointHost[typeof method];
    (adapter as SavepointHost)[method] = ((q: Parameters<typeof own>[0]) => {
      const open = inside.getStore();
      return open ? open.host[method](q) : own(q);
    }) as never;
  }
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const open = inside.getStore();
    return open ? savepoint(open.host, `fb_${++open.savepoints}`) : start(isolationLevel);
  };
}

/** Whether the Prisma client connected and its adapter joins raw transactions. */
export const joinsRawPgTransactions = () => state.adapterProto !== undefined;

/** The statements of the raw transaction open in this async context, if any. */
export function openPgPipeline(): PgPipeline | undefined {
  return inside.getStore()?.pipeline;
}

/**
 * Runs fn in a raw transaction on one connection of the pool, committed before this resolves and rolled back
 * if fn throws. Prisma calls fn makes on the plain client run inside it (see joinRawPgTransactions).
 */
export async function rawPgTransaction<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<T> {
  if (!state.adapterProto) throw new Error("rawPgTransaction: connect the Prisma client first");
  const client = await pool.connect();
  const pipeline = new PgPipeline(client);
  // The adapter's own query code, on this connection: Prisma's calls from inside land here, each answered
  // after the writes sent before it without waiting.
  const adapter = Object.assign(Object.create(state.adapterProto) as SavepointHost, { client, pgOptions: state.adapterOptions });
  const host: SavepointHost = {
    provider: "postgres", adapterName: "@prisma/adapter-pg",
    queryRaw: (q) => pipeline.answered(() => adapter.queryRaw(q)),
    executeRaw: (q) => pipeline.answered(() => adapter.executeRaw(q)),
  };
  let broken: Error | undefined;
  try {
    // As Prisma's interactive transaction did: a batch stuck behind a lock gives up rather than hold the queue.
    // Sent with the transaction's first statement.
    pipeline.send("BEGIN; SET LOCAL statement_timeout = 30000");
    const result = await inside.run({ pipeline, host, savepoints: 0 }, fn);
    await pipeline.end("COMMIT");
    return result;
  } catch (err) {
    await pipeline.end("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}
