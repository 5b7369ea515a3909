import "server-only";
import { dbProvider, sqliteConnection } from "./db/client.ts";

/** What one in-memory copy of database rows remembers to know whether it missed a change. */
export type Freshness = { dataVersion?: number };

/**
 * Whether a copy of database rows kept in this process's memory, dropped on the bus's messages, is still right
 * now (docs/scale.md#what-each-replica-keeps-in-memory); calls `drop` whenever it may be stale.
 * SQLite: one server process, but the command-line tools (and tests) write from another: a commit not made on
 * this process's connection moves SQLite's data_version, which drops the copy. So every writer is covered.
 * PostgreSQL: never. A process that runs no bus bridge (a script, a test, a tool of the operator's) changes
 * rows without telling the replicas, and nothing in the database says so as cheaply as data_version does:
 * the replicas read the database every time.
 */
export function hearsEveryChange(state: Freshness, drop: () => void): boolean {
  if (dbProvider() === "postgresql") {
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
