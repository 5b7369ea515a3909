import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { anchorFilePath } from "../../lib/server/audit/anchor-file.ts";
import { migrate } from "../../lib/server/db/migrate.ts";

/** A fresh, migrated test database: TEST_DATABASE_URL (PostgreSQL, wiped first) or a new SQLite file. */
export async function freshTestDatabase(name: string): Promise<string> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    // Setup refuses any database that is not plainly a test one: it is about to be wiped.
    if (!/test/i.test(new URL(pgUrl).pathname)) throw new Error(`refusing to wipe ${new URL(pgUrl).pathname}: TEST_DATABASE_URL must name a test database`);
    // One database per suite and checkout, so suites never wipe each other's data.
    const checkout = createHash("sha256").update(process.cwd()).digest("hex").slice(0, 6);
    const db = `${new URL(pgUrl).pathname.slice(1)}_${name.replace(/[^a-z0-9]/gi, "_")}_${checkout}`.toLowerCase();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${db}"`);
    await client.end();
    const url = new URL(pgUrl);
    url.pathname = `/${db}`;
    await migrate(url.toString());
    rmSync(anchorFilePath(url.toString()), { force: true }); // checkpoints of the database this one replaces
    return url.toString();
  }
  const dir = path.resolve("data", "test");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.db`);
  // With the audit checkpoints of the database this one replaces.
  for (const suffix of ["", "-wal", "-shm", ".anchors.jsonl"]) rmSync(file + suffix, { force: true });
  const url = `file:${file}`;
  await migrate(url);
  return url;
}
