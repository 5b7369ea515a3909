// The database is unreachable (down, restarting, failing over, out of connections): a passing state the caller
// should retry, answered 503 + Retry-After, never a 500. Errors reach us from Prisma (with or without its driver
// adapter) and from the pg and better-sqlite3 drivers used directly on the ingest path.

import "server-only";

/** Prisma's codes for "could not reach / lost / timed out waiting for the database". */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** Driver adapter kinds that mean the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Socket errors of a connection to the database. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
/** pg's connection-level failures, whose message is all it gives. */
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/i;

/** The seconds a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };

/** P2028 is any transaction API error; only this one says every pooled connection stayed busy. */
const NO_CONNECTION_FOR_TRANSACTION = /Unable to start a transaction in the given time/;

function isOne(e: ErrorLike): boolean {
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code)) return true;
  if (code === "P2028" && typeof e.message === "string" && NO_CONNECTION_FOR_TRANSACTION.test(e.message)) return true;
  // SQLSTATE class 08 (connection exception) and 57P01–57P03 (shutting down, cannot connect now).
  if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  if (e.name === "PrismaClientInitializationError") return true;
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause && (ADAPTER_KINDS.has(String(cause.kind)) || /^(08|57P0)/.test(String(cause.originalCode ?? "")))) return true;
  return typeof e.message === "string" && PG_MESSAGES.test(e.message);
}

/** Whether an error says the database cannot be reached right now (walks the `cause` chain). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as ErrorLike).cause, depth++) {
    if (isOne(e as ErrorLike)) return true;
  }
  return false;
}
