import { isAgentId } from "../../lib/domain/agent-id.ts";
import type { ServerResponse } from "node:http";

/** Why Firebreak refused a message: a policy.violation rule, the breaker, or a sidecar check. */
export type TRefusalReason =
  | "circuit_open" | "fan_out" | "chain_depth" | "rate" | "unsigned_message" | "unknown_sender" | "replayed" | "bad_digest"
  | "not_receiver" | "validation_failed" | "parse_error" | "too_large" | "unknown_peer" | "peer_unreachable" | "peer_timeout"
  | "unverified_response" | "bad_agent_card";

const REASONS: ReadonlySet<string> = new Set<TRefusalReason>([
  "circuit_open", "fan_out", "chain_depth", "rate", "unsigned_message", "unknown_sender", "replayed", "bad_digest",
  "not_receiver", "validation_failed", "parse_error", "too_large", "unknown_peer", "peer_unreachable", "peer_timeout",
  "unverified_response", "bad_agent_card",
]);

/** What a refusal says under `error.data.firebreak`. */
export type TFirebreakData = { reason: TRefusalReason; boundary?: { sender: string; receiver: string }; reasons?: string[]; retryAfterS?: number };

/** JSON-RPC error codes the sidecar answers with (the parse error is JSON-RPC's own). */
export const RPC_CODES = { parse: -32700, invalidRequest: -32600, unauthenticated: -32040, refused: -32050, invalid: -32051, peer: -32060 } as const;

/** A JSON-RPC request or response id, when the body had one. */
export type TRpcId = string | number | null;

/** Reads the id of a parsed JSON-RPC object (null when absent or of the wrong type). */
export function rpcId(body: unknown): TRpcId {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/** A JSON-RPC error response object. */
export function rpcError(id: TRpcId, code: number, message: string, firebreak?: TFirebreakData): { jsonrpc: "2.0"; id: TRpcId; error: { code: number; message: string; data?: unknown } } {
  return { jsonrpc: "2.0", id, error: { code, message, ...(firebreak ? { data: { firebreak } } : {}) } };
}

/** The HTTP status of a refusal: 401 for who-sent-it failures, 503 for caps and the breaker, 4xx/5xx for the rest. */
export function refusalStatus(reason: TRefusalReason): number {
  switch (reason) {
    case "unsigned_message": case "unknown_sender": case "replayed": case "bad_digest": case "not_receiver": return 401;
    case "circuit_open": case "fan_out": case "chain_depth": case "rate": return 503;
    case "parse_error": return 400;
    case "too_large": return 413;
    case "validation_failed": return 422;
    case "unknown_peer": return 404;
    case "peer_timeout": return 504;
    default: return 502;
  }
}

/** The JSON-RPC code of a refusal. */
export function refusalCode(reason: TRefusalReason): number {
  const status = refusalStatus(reason);
  if (reason === "parse_error") return RPC_CODES.parse;
  if (status === 401) return RPC_CODES.unauthenticated;
  if (status === 503) return RPC_CODES.refused;
  if (status === 422) return RPC_CODES.invalid;
  return RPC_CODES.peer;
}

/**
 * Writes a refusal: the HTTP status of its reason, Retry-After when the breaker or a cap says when, a JSON-RPC
 * error body; `sign` adds the signature header a peer's sidecar needs to trust it.
 */
export async function writeRefusal(res: ServerResponse, id: TRpcId, message: string, data: TFirebreakData, sign?: (body: string) => Promise<Record<string, string>>): Promise<void> {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(rpcError(id, refusalCode(data.reason), message, data));
  const extra = sign ? await sign(body) : {};
  const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...extra };
  if (data.retryAfterS !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(data.retryAfterS)));
  res.writeHead(refusalStatus(data.reason), headers).end(body);
}

const MAX_RELAYED_REASONS = 10;
const MAX_REASON_CHARS = 500;

/**
 * What of a peer's refusal (a JSON-RPC error with data.firebreak, signed by the peer or not) is passed on to our
 * agent: a known reason, the boundary when it names two agents, the reasons as short strings, a Retry-After
 * between 1 s and a day. Nothing else of its bytes reaches the agent: an agent can imitate a refusal's shape,
 * so its message, its id and any other field are dropped, and the refusal is written by this sidecar.
 */
export function relayedRefusal(rpc: Record<string, unknown>, retryAfterHeader: unknown): TFirebreakData {
  const fb = ((rpc.error as { data?: { firebreak?: Record<string, unknown> } }).data?.firebreak ?? {}) as Record<string, unknown>;
  const reason = typeof fb.reason === "string" && REASONS.has(fb.reason) ? (fb.reason as TRefusalReason) : "unverified_response";
  const out: TFirebreakData = { reason };
  const b = fb.boundary as { sender?: unknown; receiver?: unknown } | undefined;
  if (b && typeof b.sender === "string" && typeof b.receiver === "string" && isAgentId(b.sender) && isAgentId(b.receiver)) out.boundary = { sender: b.sender, receiver: b.receiver };
  if (Array.isArray(fb.reasons)) out.reasons = fb.reasons.filter((r): r is string => typeof r === "string").slice(0, MAX_RELAYED_REASONS).map((r) => r.slice(0, MAX_REASON_CHARS));
  const retry = Number(fb.retryAfterS ?? retryAfterHeader);
  if (Number.isFinite(retry) && retry > 0) out.retryAfterS = Math.min(86_400, Math.max(1, Math.ceil(retry)));
  return out;
}
