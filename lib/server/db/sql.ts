import type BetterSqlite3 from "better-sqlite3";
import { dbProvider, sqliteConnection } from "./client.ts";
import type { Tx } from "./tx.ts";

type Value = string | number | boolean | Date | null;

/** The n-th (1-based) bound parameter, as the provider in use writes it: `$n` or `?` (same order either way). */
export function param(n: number): string {
  return dbProvider() === "postgresql" ? `$${n}` : "?";
}

/** A comma-separated list of `count` parameters numbered from `from` (1-based), for `IN (…)`. */
export function paramList(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => param(from + i)).join(",");
}

/** Numbered ($1) or positional (?) placeholders, as the provider in use wants. */
function placeholders(rows: number, cols: number): string {
  const numbered = dbProvider() === "postgresql";
  let n = 0;
  const row = () => `(${Array.from({ length: cols }, () => (numbered ? `$${++n}` : "?")).join(",")})`;
  return Array.from({ length: rows }, row).join(",");
}

export type InsertOptions = { ignoreConflicts?: boolean; returning?: string[] };

/**
 * One multi-row INSERT through the driver: the ingest hot path writes this way because Prisma's
 * createMany costs about six times the raw driver (DESIGN §11).
 */
export async function insertRows<R = unknown>(
  tx: Tx,
  table: string,
  columns: string[],
  rows: Value[][],
  opts: InsertOptions = {},
): Promise<R[]> {
  if (rows.length === 0) return [];
  // Stay well under SQLite's and PostgreSQL's bound-parameter limits.
  const perChunk = Math.max(1, Math.floor(30_000 / columns.length));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    let sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${placeholders(chunk.length, columns.length)}`;
    if (opts.ignoreConflicts) sql += " ON CONFLICT DO NOTHING";
    const params = chunk.flat();
    const sqlite = sqliteConnection();
    if (sqlite) {
      out.push(...runOnSqlite<R>(sqlite, sql, params, opts.returning));
    } else if (opts.returning) {
      sql += ` RETURNING ${opts.returning.map((c) => `"${c}"`).join(",")}`;
      out.push(...((await tx.$queryRawUnsafe(sql, ...params)) as R[]));
    } else {
      await tx.$executeRawUnsafe(sql, ...params);
    }
  }
  return out;
}

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * A SELECT on the hot path: straight through the SQLite driver (joining any open transaction on that
 * connection), or Prisma's raw query on PostgreSQL. Write placeholders with param()/paramList().
 * SQLite returns integers as BigInt and dates as ISO text: convert what you read.
 */
export async function selectRows<R>(tx: Tx, sql: string, params: Value[]): Promise<R[]> {
  const sqlite = sqliteConnection();
  if (sqlite) return runOnSqlite<R>(sqlite, sql, params, undefined, true);
  return (await tx.$queryRawUnsafe(sql, ...params)) as R[];
}

// Straight through the driver, with values converted as the Prisma adapter converts them.
function runOnSqlite<R>(db: BetterSqlite3.Database, sql: string, params: Value[], returning?: string[], reader = false): R[] {
  if (returning) sql += ` RETURNING ${returning.map((c) => `"${c}"`).join(",")}`;
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size > 500) statements.clear(); // bounded: batch sizes make a few hundred shapes at most
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
  }
  const args = params.map((v) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? Number(v) : v));
  if (returning || reader) return stmt.all(...args) as R[];
  stmt.run(...args);
  return [];
}
