import "server-only";
import { z } from "zod";
import { toIssues } from "../../domain/issues.ts";
import { DATABASE_RETRY_AFTER_S, isDatabaseUnavailable } from "../db/unavailable.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { AppError, ERROR_STATUS, type ErrorCode } from "../errors.ts";

const TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthenticated: "Sign-in required",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  misdirected: "Misdirected request",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  invalid: "Invalid input",
  rate_limited: "Too many requests",
  internal: "Internal error",
  unavailable: "Service unavailable",
};

/** An RFC 9457 problem+json response for an error code. */
export function problem(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}, headers: HeadersInit = {}): Response {
  const status = ERROR_STATUS[code];
  return new Response(
    JSON.stringify({ type: `https://firebreak.dev/problems/${code}`, title: TITLES[code], status, detail, code, ...extra }),
    { status, headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers } },
  );
}

/** Turns anything thrown by a service into a problem response, leaking no internals. */
export function problemFrom(err: unknown): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.extra.retryAfterS) headers["retry-after"] = String(err.extra.retryAfterS);
    return problem(err.code, err.detail, err.extra.problems ? { problems: err.extra.problems } : {}, headers);
  }
  if (err instanceof z.ZodError) {
    return problem("invalid", "the request did not match the expected shape", { problems: toIssues(err) });
  }
  if (isUniqueViolation(err)) return problem("conflict", "that already exists");
  if (isDatabaseUnavailable(err)) {
    return problem("unavailable", "the database cannot be reached right now; retry after the time given", {}, { "retry-after": String(DATABASE_RETRY_AFTER_S) });
  }
  // request.json() on a malformed body: the caller's mistake, not ours.
  if (err instanceof SyntaxError) return problem("bad_request", "the body is not valid JSON");
  console.error("unhandled error", err);
  return problem("internal", "something went wrong on our side");
}

