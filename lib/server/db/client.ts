import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client.ts";
import { config } from "../config/config.ts";
import { readBigintsAsNumbers } from "./bigints-as-numbers.ts";
import { joinRawPgTransactions } from "./pg-transactions.ts";
import { shareWriteLock } from "./sqlite-transactions.ts";
import { databaseUrl, providerOf, sqlitePath, type Provider } from "./url.ts";

export type Db = PrismaClient;

type Holder = { db?: Db; provider?: Provider; sqlite?: BetterSqlite3.Database; pool?: pg.Pool };

/** The better-sqlite3 adapter with this app's per-connection settings applied on connect. */
class SqliteAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    const raw = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL"); // an accepted event survives a power cut
    raw.pragma("foreign_keys = ON");
    holder.sqlite = raw;
    shareWriteLock(adapter);
    return adapter;
  }
}
/** The pg adapter on a pool of our own, whose queries join the ingest path's raw transactions (pg-transactions.ts). */
class PgAdapter extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    joinRawPgTransactions(adapter);
    return adapter;
  }
}

// One client per process, surviving Next's module reloads in development.
const holder = ((globalThis as Record<string, unknown>).__firebreakDb ??= {}) as Holder;

/** The Prisma client for DATABASE_URL: better-sqlite3 for file: URLs, pg for postgresql:// URLs. */
export function getDb(): Db {
  if (holder.db) return holder.db;
  const url = databaseUrl();
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const file = sqlitePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    holder.db = new PrismaClient({ adapter: new SqliteAdapter({ url: file, timeout: 10_000 }) });
  } else {
    // Pipelining: a raw transaction sends its writes without waiting for each answer (pg-pipeline.ts); a
    // client awaiting every query, as Prisma's adapter does, sees no difference.
    holder.pool = new pg.Pool({ connectionString: url, max: config().DATABASE_POOL_SIZE, pipeline: true });
    const adapter = new PgAdapter(holder.pool, { disposeExternalPool: true });
    // Same models, generated for PostgreSQL; the SQLite client's type describes both once its BigInt
    // counters are read back as numbers.
    holder.db = new PgPrismaClient({ adapter }).$extends(readBigintsAsNumbers) as unknown as Db;
  }
  holder.provider = provider;
  return holder.db;
}

/** The provider of the client in use. */
export function dbProvider(): Provider {
  getDb();
  return holder.provider!;
}

/**
 * The better-sqlite3 connection under the Prisma client, once connected (SQLite only). Statements run on
 * it join whatever transaction Prisma has open on that connection, which lets the ingest hot path write
 * rows through the driver inside a Prisma transaction.
 */
export function sqliteConnection(): BetterSqlite3.Database | undefined {
  return holder.provider === "sqlite" ? holder.sqlite : undefined;
}

/** The pg pool under the Prisma client (PostgreSQL only): the ingest hot path writes through it directly. */
export function pgPool(): pg.Pool | undefined {
  getDb();
  return holder.pool;
}

/** Closes the client (scripts and tests). */
export async function closeDb(): Promise<void> {
  if (holder.db) await holder.db.$disconnect();
  // Ended with the adapter once Prisma connected; used directly before that, it is ended here.
  await holder.pool?.end().catch(() => {});
  holder.db = undefined;
  holder.sqlite = undefined;
  holder.pool = undefined;
}
