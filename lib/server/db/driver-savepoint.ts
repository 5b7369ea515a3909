import "server-only";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The driver-adapter interface Prisma talks to (the same for every adapter).
type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;
type SqlQuery = Parameters<SqlDriverAdapter["queryRaw"]>[0];

/** What a savepoint runs its statements on: the connection of the raw transaction it is nested in. */
export type SavepointHost = Pick<SqlDriverAdapter, "provider" | "adapterName" | "queryRaw" | "executeRaw">;

/**
 * A Prisma transaction nested in a raw one (a projector's nested write): Prisma sends COMMIT and ROLLBACK as
 * queries; they become the savepoint's RELEASE and ROLLBACK TO, so the outer transaction still decides.
 */
export async function savepoint(host: SavepointHost, name: string): Promise<Transaction> {
  await host.executeRaw({ sql: `SAVEPOINT ${name}`, args: [], argTypes: [] });
  const rewrite = (q: SqlQuery): SqlQuery => {
    const sql = q.sql.trim().toUpperCase();
    if (sql === "COMMIT") return { ...q, sql: `RELEASE SAVEPOINT ${name}` };
    if (sql === "ROLLBACK") return { ...q, sql: `ROLLBACK TO SAVEPOINT ${name}` };
    return q;
  };
  return {
    provider: host.provider,
    adapterName: host.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (q) => host.queryRaw(rewrite(q)),
    executeRaw: (q) => host.executeRaw(rewrite(q)),
    commit: async () => {},
    rollback: async () => {},
  };
}
