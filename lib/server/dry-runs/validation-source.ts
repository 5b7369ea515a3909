import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { PG_TYPES } from "../db/pg-types.ts";
import { providerOf, sqlitePath } from "../db/url.ts";

/**
 * One stored validation as a dry run reads it, straight from the driver (no object per row):
 * [id, at (epoch ms), messageId, sender, receiver, rejected (0|1), anomalyScore, fanOut, chainDepth,
 * unvalidated (0|1: reasons ["breaker_open"])].
 */
export type TValidationRow = [number, number, string, string, string, number, number, number, number, number];

/** Where a page ends: the keyset the next page starts after. */
export type TKeyset = { at: number; id: number };

/** A reader of the validations of a window, a page at a time in (time, id) order, on its own connection. */
export type ValidationSource = {
  page(from: number, to: number, after: TKeyset | null, limit: number): Promise<TValidationRow[]>;
  close(): Promise<void>;
};

// Only the columns the replay needs; the chain depth is on the row (no join to Message).
const COLUMNS = `"id", %TIME%, "messageId", "sender", "receiver", CASE WHEN "outcome" = 'rejected' THEN 1 ELSE 0 END, ` +
  `"anomalyScore", "fanOut", "chainDepth", CASE WHEN "reasons" = '["breaker_open"]' THEN 1 ELSE 0 END`;

// After a page the range starts at its last time ($1), and of the rows at that time only the later ids
// come: written this way (not as a row value) SQLite seeks the (time, id) index to the page's start
// instead of scanning the window from its beginning on every page.
function sql(time: string, p: (n: number) => string, keyset: boolean, limit: number): string {
  return `SELECT ${COLUMNS.replace("%TIME%", time)} FROM "MessageValidation" ` +
    `WHERE "time" >= ${p(1)} AND "time" < ${p(2)}` + (keyset ? ` AND ("time" > ${p(1)} OR "id" > ${p(3)})` : "") +
    ` ORDER BY "time", "id" LIMIT ${limit}`;
}

/** SQLite stores times as ISO text with +00:00, as the Prisma adapter writes them. */
const sqliteText = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * SQLite: a read-only connection of its own (WAL lets it read beside the writer), statements returning
 * arrays of plain numbers, and the time converted to epoch ms by SQLite (parsing ISO text in JavaScript
 * cost more than the rest of the row).
 */
function sqliteSource(file: string): ValidationSource {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  const time = `CAST(round(unixepoch("time", 'subsec') * 1000) AS INTEGER)`;
  const statements = new Map<string, Database.Statement>();
  const statement = (keyset: boolean, limit: number) => {
    const key = `${keyset} ${limit}`;
    let s = statements.get(key);
    if (!s) statements.set(key, (s = db.prepare(sql(time, () => "?", keyset, limit)).raw(true).safeIntegers(false)));
    return s;
  };
  return {
    async page(from, to, after, limit) {
      const args: (string | number)[] = [sqliteText(after ? after.at : from), sqliteText(to)];
      if (after) args.push(sqliteText(after.at), after.id);
      return statement(after !== null, limit).all(args) as TValidationRow[];
    },
    async close() {
      db.close();
    },
  };
}

/**
 * PostgreSQL: a client of its own, rows as arrays, the time as epoch ms computed by the server (stored
 * as UTC without a zone, as Prisma writes it).
 */
async function postgresSource(url: string): Promise<ValidationSource> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const time = `(extract(epoch from "time") * 1000)::float8`;
  // Times go in as ISO text cast to the column's type (UTC, no zone): no local-time conversion by the driver.
  const p = (n: number) => (n === 3 ? `$3` : `$${n}::timestamp(3)`);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, -1);
  return {
    async page(from, to, after, limit) {
      const args: (string | number)[] = [iso(after ? after.at : from), iso(to)];
      if (after) args.push(after.id);
      const r = await client.query<TValidationRow>({ text: sql(time, p, after !== null, limit), values: args, rowMode: "array", types: PG_TYPES });
      return r.rows;
    },
    async close() {
      await client.end();
    },
  };
}

/** Opens a reader on the database at `url` (file: or postgresql://). */
export async function openValidationSource(url: string): Promise<ValidationSource> {
  return providerOf(url) === "sqlite" ? sqliteSource(sqlitePath(url)) : postgresSource(url);
}
