import "server-only";
import pg from "pg";
import { getDb, pgPool } from "./client.ts";
import { openPgPipeline } from "./pg-transactions.ts";
import { PG_TYPES } from "./pg-types.ts";
import type { Tx } from "./tx.ts";

type Value = string | number | boolean | Date | null;

// A Date as the UTC text PostgreSQL stores in a timestamp column (pg would send local time with an offset,
// which a timestamp without time zone ignores).
const asParam = (v: Value) => (v instanceof Date ? v.toISOString() : v);

/**
 * Runs one statement on PostgreSQL for insertRows/selectRows: on the raw transaction's connection when tx is
 * the plain client inside one, on the pool when tx is the plain client outside one (a read), and through
 * Prisma when tx is one of Prisma's interactive transactions (it holds the connection). Inside a raw
 * transaction, a statement whose rows are not wanted is sent without waiting for its answer (pg-pipeline.ts):
 * its failure is thrown by the transaction's next read, or its COMMIT. `nameOf` names a statement of fixed
 * text to prepare once per connection.
 */
export async function pgQuery<R>(tx: Tx, sql: string, params: Value[], returning: boolean, nameOf?: (sql: string) => string): Promise<R[]> {
  if (tx !== getDb()) {
    return returning ? ((await tx.$queryRawUnsafe(sql, ...params)) as R[]) : (await tx.$executeRawUnsafe(sql, ...params), []);
  }
  // Named: parsed and planned once per connection (after its first few runs PostgreSQL keeps a generic plan).
  const query = { text: sql, values: params.map(asParam), types: PG_TYPES, name: nameOf?.(sql) };
  const pipeline = openPgPipeline();
  if (!pipeline) return (await pgPool()!.query<R & pg.QueryResultRow>(query)).rows;
  if (!returning) return (pipeline.send(query), []);
  return (await pipeline.query<R & pg.QueryResultRow>(query)).rows;
}
