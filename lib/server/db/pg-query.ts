import "server-only";
import pg from "pg";
import { getDb, pgPool } from "./client.ts";
import { openPgClient } from "./pg-transactions.ts";
import type { Tx } from "./tx.ts";

type Value = string | number | boolean | Date | null;

const TIMESTAMP = 1114; // timestamp without time zone: Prisma's DateTime, kept in UTC
const INT8 = 20;

// Values as the Prisma adapter gives them: int8 as a number (counters are bounded to 2^53 − 1, and count(*)
// is an int8 too), a timestamp as the UTC instant it stores.
const TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return (text: string) => Number(text);
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format as "text");
  }) as typeof pg.types.getTypeParser,
};

// A Date as the UTC text PostgreSQL stores in a timestamp column (pg would send local time with an offset,
// which a timestamp without time zone ignores).
const asParam = (v: Value) => (v instanceof Date ? v.toISOString() : v);

/**
 * Runs one statement on PostgreSQL for insertRows/selectRows: on the raw transaction's connection when tx is
 * the plain client inside one, on the pool when tx is the plain client outside one (a read), and through
 * Prisma when tx is one of Prisma's interactive transactions (it holds the connection).
 */
export async function pgQuery<R>(tx: Tx, sql: string, params: Value[], returning: boolean): Promise<R[]> {
  if (tx !== getDb()) {
    return returning ? ((await tx.$queryRawUnsafe(sql, ...params)) as R[]) : (await tx.$executeRawUnsafe(sql, ...params), []);
  }
  const runner = openPgClient() ?? pgPool()!;
  const result = await runner.query<R & pg.QueryResultRow>({ text: sql, values: params.map(asParam), types: TYPES });
  return result.rows;
}
