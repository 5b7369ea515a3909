import "server-only";
import path from "node:path";
import { config } from "../config/config.ts";

export type Provider = "sqlite" | "postgresql";

/** The database URL in force: DATABASE_URL, or the SQLite file data/firebreak.db. */
export function databaseUrl(): string {
  return config().DATABASE_URL ?? `file:${path.join(process.cwd(), "data", "firebreak.db")}`;
}

/**
 * PostgreSQL reached without a transaction pooler (DATABASE_DIRECT_URL, else DATABASE_URL): what needs its
 * own session — the bus's LISTEN and the migrations' advisory lock — connects here (see docs/scale.md).
 */
export function directDatabaseUrl(): string {
  return config().DATABASE_DIRECT_URL ?? databaseUrl();
}

/** Which database a URL points at. */
export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:") || url === ":memory:") return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got ${url.split(":")[0]}:…)`);
}

/** The filesystem path of a SQLite URL. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}
