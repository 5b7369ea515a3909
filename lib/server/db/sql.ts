import "server-only";
import { createHash } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import { dbProvider, sqliteConnection } from "./client.ts";
import { pgQuery } from "./pg-query.ts";
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

/** SQLite's positional placeholders for `rows` rows of `cols` values. */
function placeholders(rows: number, cols: number): string {
  const row = `(${Array.from({ length: cols }, () => "?").join(",")})`;
  return Array.from({ length: rows }, () => row).join(",");
}

// The text of each SQLite INSERT shape, built once: a batch of 100 rows makes the same few statements every time.
const insertSql = new Map<string, string>();

function insertStatement(table: string, columns: string[], rows: number, opts: InsertOptions): string {
  const key = `${table}|${columns.join(",")}|${rows}|${opts.ignoreConflicts ? 1 : 0}|${opts.returning ?? ""}`;
  let sql = insertSql.get(key);
  if (sql === undefined) {
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${placeholders(rows, columns.length)}`;
    if (opts.ignoreConflicts) sql += " ON CONFLICT DO NOTHING";
    if (opts.returning) sql += ` RETURNING ${opts.returning.map((c) => `"${c}"`).join(",")}`;
    if (insertSql.size > 2_000) insertSql.clear(); // bounded: a few hundred shapes at most
    insertSql.set(key, sql);
  }
  return sql;
}

export type InsertOptions = {
  ignoreConflicts?: boolean;
  /** Columns of the inserted rows to give back (rows skipped by ignoreConflicts are not given). */
  returning?: string[];
  /**
   * The table's INTEGER PRIMARY KEY, when `returning` names it. On SQLite the rows are then given back without
   * a RETURNING clause (which makes SQLite stage them in a temporary table: a fifth of an Event insert): the
   * key from the ids SQLite handed out, the other columns from the values inserted (a Date stays a Date).
   */
  rowid?: string;
};

/**
 * One multi-row INSERT through the driver: the ingest hot path writes this way because Prisma's
 * createMany costs about six times the raw driver (docs/benchmarks.md#ingest).
 */
export async function insertRows<R = unknown>(
  tx: Tx,
  table: string,
  columns: string[],
  rows: Value[][],
  opts: InsertOptions = {},
): Promise<R[]> {
  if (rows.length === 0) return [];
  if (dbProvider() === "postgresql") return pgInsert<R>(tx, table, columns, rows, opts);
  // SQLite: stay well under its bound-parameter limit.
  const sqlite = sqliteConnection()!;
  const perChunk = Math.max(1, Math.floor(30_000 / columns.length));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.length <= perChunk ? rows : rows.slice(i, i + perChunk);
    if (opts.returning && opts.rowid) {
      out.push(...insertKeyed<R>(sqlite, table, columns, chunk, { ...opts, returning: opts.returning, rowid: opts.rowid }));
      continue;
    }
    const sql = insertStatement(table, columns, chunk.length, opts);
    out.push(...runOnSqlite<R>(sqlite, sql, sqliteArgs(chunk, columns.length), opts.returning !== undefined));
  }
  return out;
}

/**
 * A date read through the driver: SQLite gives the text the Prisma adapter wrote (ISO 8601 with an offset), or
 * `YYYY-MM-DD HH:MM:SS` from a column's CURRENT_TIMESTAMP default, which is UTC; pg gives a Date (pg-types.ts).
 */
export function readDate(v: string | number | bigint | Date): Date {
  if (v instanceof Date) return v;
  if (typeof v !== "string") return new Date(Number(v));
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v) ? `${v.replace(" ", "T")}Z` : v);
}

// PostgreSQL: one array parameter a column, unpacked by unnest into rows, so the statement has one text
// whatever the number of rows. It is prepared once per connection, by name, and the server neither parses nor
// plans a list of thousands of parameters per group commit: about a third less of PostgreSQL's CPU per Event
// row, and of the driver's (docs/benchmarks.md#postgresql). The arrays are typed as the table's columns are.
async function pgInsert<R>(tx: Tx, table: string, columns: string[], rows: Value[][], opts: InsertOptions): Promise<R[]> {
  const types = await pgColumnTypes(tx, table);
  const key = `${table}|${columns.join(",")}|${opts.ignoreConflicts ? 1 : 0}|${opts.returning ?? ""}`;
  let sql = pgInsertSql.get(key);
  if (sql === undefined) {
    const arrays = columns.map((c, i) => {
      const type = types.get(c);
      if (type === undefined) throw new Error(`insertRows: "${table}" has no column "${c}"`);
      return `$${i + 1}::${type}[]`;
    });
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) SELECT * FROM unnest(${arrays.join(",")})`;
    if (opts.ignoreConflicts) sql += " ON CONFLICT DO NOTHING";
    if (opts.returning) sql += ` RETURNING ${opts.returning.map((c) => `"${c}"`).join(",")}`;
    pgInsertSql.set(key, sql); // bounded by the call sites: one text per table, columns and options
  }
  const params = columns.map((_, c) => pgArray(rows, c));
  return pgQuery<R>(tx, sql, params, opts.returning !== undefined, pgStatementName);
}

const pgInsertSql = new Map<string, string>();

// Each table's column types (format_type: "text", "timestamp(3) without time zone", …), read once per process
// on the caller's connection (a pool of one connection held by the transaction could not lend another).
const pgTypes = new Map<string, Map<string, string>>();

async function pgColumnTypes(tx: Tx, table: string): Promise<Map<string, string>> {
  let types = pgTypes.get(table);
  if (types === undefined) {
    const rows = await pgQuery<{ name: string; type: string }>(tx,
      `SELECT a.attname::text AS "name", format_type(a.atttypid, a.atttypmod) AS "type" FROM pg_attribute a ` +
        `WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`, [`"${table}"`], true);
    types = new Map(rows.map((r) => [r.name, r.type]));
    if (types.size) pgTypes.set(table, types);
  }
  return types;
}

// A prepared statement's name from its text: the same text gets the same name in every module instance (Next
// bundles this file more than once) and on every connection.
const pgNames = new Map<string, string>();
function pgStatementName(sql: string): string {
  let name = pgNames.get(sql);
  if (name === undefined) pgNames.set(sql, (name = `fb_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`));
  return name;
}

/**
 * Column c of the rows as a PostgreSQL array literal: each value quoted (a Date as its ISO text in UTC, as
 * pg-query.ts sends one), NULL for null. The driver sends the text as UTF-8, as it sends any parameter.
 */
function pgArray(rows: Value[][], c: number): string {
  let out = "{";
  for (let r = 0; r < rows.length; r++) {
    if (r) out += ",";
    const v = rows[r][c];
    if (v === null || v === undefined) {
      out += "NULL";
      continue;
    }
    const text = v instanceof Date ? v.toISOString() : String(v);
    out += `"${NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, "\\$&") : text}"`;
  }
  return out + "}";
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * A SELECT on the hot path: straight through the driver, SQLite's (joining any open transaction on that
 * connection) or pg's (pg-query.ts). Write placeholders with param()/paramList().
 * SQLite returns integers as BigInt and dates as ISO text: convert what you read.
 * `prepared`: on PostgreSQL, a statement of fixed text (arrays as parameters, pgArrayOf), prepared once per
 * connection by name.
 */
export async function selectRows<R>(tx: Tx, sql: string, params: Value[], opts: { prepared?: boolean } = {}): Promise<R[]> {
  const sqlite = sqliteConnection();
  if (sqlite) return runOnSqlite<R>(sqlite, sql, sqliteArgs([params], params.length), true);
  return pgQuery<R>(tx, sql, params, true, opts.prepared ? pgStatementName : undefined);
}

/** Values as one PostgreSQL array parameter (cast it in the statement: `$1::text[]`). */
export function pgArrayOf(values: Value[]): string {
  return pgArray(values.map((v) => [v]), 0);
}

/**
 * A statement that gives nothing back (an UPDATE, a DELETE) on the hot path, through the driver as selectRows
 * runs a SELECT. Write placeholders with param()/paramList().
 */
export async function runSql(tx: Tx, sql: string, params: Value[]): Promise<void> {
  const sqlite = sqliteConnection();
  if (sqlite) return void runOnSqlite(sqlite, sql, sqliteArgs([params], params.length), false);
  await pgQuery(tx, sql, params, false);
}

/**
 * SQLite, an INSERT giving back `returning` without a RETURNING clause. One statement on one connection hands
 * out consecutive ids, so when every row went in, theirs are the last `rows.length` ids. When some were
 * skipped (their ids may have been used up all the same), the rows that went in are read back: those with a
 * key above the largest one before the insert.
 */
function insertKeyed<R>(
  db: BetterSqlite3.Database, table: string, columns: string[], rows: Value[][],
  opts: InsertOptions & { returning: string[]; rowid: string },
): R[] {
  const { rowid, returning } = opts;
  const [{ top }] = runOnSqlite<{ top: number | bigint | null }>(db, `SELECT max("${rowid}") AS "top" FROM "${table}"`, [], true);
  const info = statementOn(db, insertStatement(table, columns, rows.length, { ignoreConflicts: opts.ignoreConflicts }))
    .run(sqliteArgs(rows, columns.length));
  if (info.changes === rows.length) {
    const first = Number(info.lastInsertRowid) - rows.length + 1;
    const at = returning.map((c) => columns.indexOf(c));
    return rows.map((row, i) => {
      const out: Record<string, unknown> = {};
      returning.forEach((c, k) => (out[c] = c === rowid ? first + i : row[at[k]]));
      return out as R;
    });
  }
  if (info.changes === 0) return [];
  return runOnSqlite<R>(db,
    `SELECT ${returning.map((c) => `"${c}"`).join(",")} FROM "${table}" WHERE "${rowid}" > ? ORDER BY "${rowid}"`,
    [top === null ? 0 : top], true);
}

// A statement on the driver, prepared once.
function statementOn(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size > 500) statements.clear(); // bounded: batch sizes make a few hundred shapes at most
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
  }
  return stmt;
}

// Straight through the driver (joining any open transaction on its connection), the statement prepared once.
function runOnSqlite<R>(db: BetterSqlite3.Database, sql: string, args: SqliteValue[], reader: boolean): R[] {
  const stmt = statementOn(db, sql);
  if (reader) return stmt.all(args) as R[];
  stmt.run(args);
  return [];
}

type SqliteValue = string | number | bigint | null;

// The text of recent dates: an event's time goes into several tables and a batch's time received into every
// row, each converted once.
const dateTexts = new Map<number, string>();

/** A date as the Prisma adapter writes it to SQLite (ISO 8601 with +00:00). */
function sqliteDateText(d: Date): string {
  const ms = d.getTime();
  let text = dateTexts.get(ms);
  if (text === undefined) {
    text = d.toISOString().replace("Z", "+00:00");
    if (dateTexts.size >= 10_000) dateTexts.clear(); // bounded
    dateTexts.set(ms, text);
  }
  return text;
}

/** Rows as one flat array of parameters, values converted as the Prisma adapter converts them, in one pass. */
function sqliteArgs(rows: Value[][], width: number): SqliteValue[] {
  const args: SqliteValue[] = new Array(rows.length * width);
  let k = 0;
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v instanceof Date) args[k++] = sqliteDateText(v);
      else args[k++] = typeof v === "boolean" ? Number(v) : v;
    }
  }
  return args;
}
