import "server-only";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqlitePath } from "./url.ts";

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number };

const TABLE = "_firebreak_migrations";

/** The committed migrations for a provider, in order. */
export function loadMigrations(provider: "sqlite" | "postgresql", root = process.cwd()): Migration[] {
  const dir = path.join(root, "prisma", provider === "sqlite" ? "" : "postgres", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkChecksum(m: Migration, recorded: string | undefined): boolean {
  if (recorded === undefined) return false;
  if (recorded !== m.checksum) {
    throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch); add a new migration instead`);
  }
  return true;
}

/** Applies pending migrations to a SQLite file (and turns on WAL, which the file keeps). */
export function migrateSqlite(url: string, migrations = loadMigrations("sqlite")): MigrateResult {
  const file = sqlitePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Map(
      (db.prepare(`SELECT name, checksum FROM ${TABLE}`).all() as { name: string; checksum: string }[]).map((r) => [r.name, r.checksum]),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (checkChecksum(m, done.get(m.name))) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(`INSERT INTO ${TABLE} (name, checksum, applied_at) VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
      }).immediate();
      applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    db.close();
  }
}

/** Applies pending migrations to PostgreSQL, one replica at a time (advisory lock). */
export async function migratePostgres(url: string, migrations = loadMigrations("postgresql")): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(724011)");
    await client.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${TABLE}`);
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      if (checkChecksum(m, done.get(m.name))) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${TABLE} (name, checksum, applied_at) VALUES ($1, $2, now())`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock(724011)").catch(() => {});
    await client.end();
  }
}

/** Applies pending migrations to the database at url, whichever kind it is. */
export async function migrate(url: string): Promise<MigrateResult> {
  return providerOf(url) === "sqlite" ? migrateSqlite(url) : migratePostgres(url);
}

export const migrationsExist = (root = process.cwd()) => existsSync(path.join(root, "prisma", "migrations"));
