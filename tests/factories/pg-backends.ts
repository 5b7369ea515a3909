import pg from "pg";
import { inject } from "vitest";

/** A PostgreSQL backend of the test database and the pids that block it (pg_blocking_pids). */
export type Backend = { pid: number; blockers: number[] };

/**
 * Waits (bounded) until the database's backends, with what blocks each, satisfy `holds`; returns them.
 * `client` must not be inside a transaction: pg_stat_activity is read once per transaction.
 */
export async function until(client: pg.Client, holds: (backends: Backend[]) => boolean, what: string): Promise<Backend[]> {
  for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const { rows } = await client.query<Backend>(
      `SELECT pid, pg_blocking_pids(pid) AS blockers FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    if (holds(rows)) return rows;
  }
  throw new Error(`not within 20 s: ${what}`);
}

/** A connection of its own to the test database (a gate holding rows, or a watcher), with its backend's pid. */
export async function connect(): Promise<pg.Client & { pid: number }> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return Object.assign(client, { pid: rows[0].pid });
}
