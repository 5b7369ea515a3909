import "server-only";

/** The per-event error codes (see docs/breaker-mirror.md for unknown_counterpart). */
export type EventErrorCode =
  | "malformed_jws"
  | "alg_not_allowed"
  | "wrong_typ"
  | "unknown_key"
  | "revoked_key"
  | "agent_suspended"
  | "bad_signature"
  | "source_mismatch"
  | "invalid_event"
  | "unknown_type"
  | "clock_skew"
  | "chain_too_deep"
  | "not_receiver"
  | "id_conflict"
  | "unknown_counterpart";

export type EventError = { code: EventErrorCode; detail: string };

export type EventResult =
  | { index: number; id: string | null; status: "accepted" | "duplicate" }
  | { index: number; id: string | null; status: "rejected"; error: EventError };

export type IngestResponse = { results: EventResult[]; accepted: number; duplicates: number; rejected: number };

/** Counts the results into the 207 response body. */
export function summarize(results: EventResult[]): IngestResponse {
  const count = (s: EventResult["status"]) => results.filter((r) => r.status === s).length;
  return { results, accepted: count("accepted"), duplicates: count("duplicate"), rejected: count("rejected") };
}
