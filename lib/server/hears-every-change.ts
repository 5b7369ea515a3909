import "server-only";
import { isListeningToReplicas } from "./bus-postgres.ts";
import { dbProvider, sqliteConnection } from "./db/client.ts";

/** What one in-memory copy of database rows remembers to know whether it missed a change. */
export type Freshness = { dataVersion?: number };

/**
 * Whether this process would have heard (through the bus) of every change to the database since `drop` was
 * last called, so a copy kept in memory and dropped on the bus's messages is still right (docs/scale.md#what-each-replica-keeps-in-memory).
 * PostgreSQL: while the LISTEN connection is up; when it is down, messages may be lost, so the copy is dropped
 * and not used until it is back (its `resync` drops it again). SQLite: one server process, but the
 * command-line tools write from another: a commit not made on this process's connection (SQLite's
 * data_version moved) drops the copy. Calls `drop` whenever the copy may be stale.
 */
export function hearsEveryChange(state: Freshness, drop: () => void): boolean {
  if (dbProvider() === "postgresql") {
    if (isListeningToReplicas()) return true;
    drop();
    return false;
  }
  const sqlite = sqliteConnection();
  if (!sqlite) return false;
  const version = sqlite.pragma("data_version", { simple: true }) as number;
  if (version !== state.dataVersion) {
    drop();
    state.dataVersion = version;
  }
  return true;
}
