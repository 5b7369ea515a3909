// The database refusing a second row under a unique key: how a lost race on a unique thing (two replicas
// creating the same email, agent id or key id at once) shows itself once both passed their pre-checks.
// Errors reach us from Prisma (with its driver adapter) and from the pg and better-sqlite3 drivers used directly.

import "server-only";
import { AppError } from "../errors.ts";

/** Prisma's code, PostgreSQL's SQLSTATE, and better-sqlite3's codes for a duplicate unique key. */
const CODES = new Set(["P2002", "23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);

type ErrorLike = { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };

function isOne(e: ErrorLike): boolean {
  if (CODES.has(String(e.code))) return true;
  const cause = e.meta?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" || CODES.has(String(cause?.originalCode));
}

/** Whether an error says a unique key already holds that value (walks the `cause` chain). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as ErrorLike).cause, depth++) {
    if (isOne(e as ErrorLike)) return true;
  }
  return false;
}

/**
 * Runs a write whose unique key a pre-check found free; when another process took the key in between, the
 * database's refusal becomes the same `conflict` the pre-check gives (409 with its detail), not a 500.
 */
export async function orConflict<T>(write: () => Promise<T>, detail: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", detail);
    throw err;
  }
}
