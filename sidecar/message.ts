import { authenticateMessage, judgeMessage, MESSAGE_TYP, signJson, DigestMessagePayload, type TDigestMessage, type TMessage, type TReceiveResult, type TValidator } from "../sdk/index.ts";
import { timeOrderedId } from "../sdk/time-ordered-id.ts";
import type { TSidecarCore } from "./core.ts";
import { bodyDigest } from "./wire/digest.ts";
import type { TFirebreakData } from "./wire/jsonrpc.ts";

/** The header that carries a message's signature beside its body (lower case, as node:http gives it). */
export const MESSAGE_HEADER = "firebreak-message";

/** Signs `bytes` as a message from our agent to `receiver` (the body stays as it is; the signature covers its digest). */
export async function signMessage(core: TSidecarCore, receiver: string, bytes: Uint8Array | string, chain: string[], parents: string[], messageId = newMessageId()): Promise<{ messageId: string; jws: string }> {
  const now = core.ctx.clock.now();
  const payload: TDigestMessage = { messageId, sender: core.ctx.id, receivers: [receiver], bodyDigest: bodyDigest(bytes), chain, parents, iat: Math.floor(now / 1000) };
  return { messageId: payload.messageId, jws: await signJson(payload, MESSAGE_TYP, await core.ctx.signer()) };
}

/** A fresh message id, as the SDK makes them. */
export const newMessageId = () => `msg-${timeOrderedId()}`;

/** A checked message: delivered (with its parsed body), or refused with what the refusal says. */
export type TChecked =
  | { ok: true; message: TDigestMessage; body: unknown; result: TReceiveResult }
  | { ok: false; text: string; data: TFirebreakData; message?: TDigestMessage };

const malformed: TValidator = () => ({ ok: false, reason: "malformed: the body is not a JSON-RPC 2.0 object" });

/** A body's bytes as UTF-8 text, without copying them first. */
const asText = (bytes: Uint8Array | string): string => (typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));

/** Parses a body as a JSON-RPC 2.0 object (undefined when it is not one). */
export function parseRpc(bytes: Uint8Array | string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(asText(bytes)) as unknown;
    return v !== null && typeof v === "object" && !Array.isArray(v) && (v as { jsonrpc?: unknown }).jsonrpc === "2.0" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a message that entered: its signature and sender, that it is for us, not a replay and signed over
 * these bytes; then the breaker on its sender, the chain depth and the validators (reported as the SDK does).
 */
export async function checkMessage(core: TSidecarCore, jws: string | undefined, bytes: Uint8Array | string): Promise<TChecked> {
  const v = await verifyMessage(core, jws, bytes);
  return v.ok ? judgeVerified(core, v.message, bytes) : v;
}

type TRefused = Extract<TChecked, { ok: false }>;
const refuse = (data: TFirebreakData, text: string, message?: TDigestMessage): TRefused => ({ ok: false, text, data, ...(message ? { message } : {}) });

/**
 * Checks who sent a message and that it is whole: signature, sender, addressee, body digest, replay. Its
 * refusals are the ones anyone can cause: reported coalesced, never one report each (UnverifiedReports).
 */
export async function verifyMessage(core: TSidecarCore, jws: string | undefined, bytes: Uint8Array | string, expectedSender?: string): Promise<{ ok: true; message: TDigestMessage } | TRefused> {
  const { ctx, unverified } = core;
  if (!jws) {
    unverified.note("unsigned_message", "no_signature", "a message arrived without a Firebreak-Message signature");
    return refuse({ reason: "unsigned_message" }, "unsigned message: Firebreak requires a Firebreak-Message signature");
  }
  const m = await authenticateMessage(ctx, jws, DigestMessagePayload, (r, code) => unverified.note(r.rule, code, r.detail));
  if (!("messageId" in m)) {
    const code = m.reasons[0] ?? "unsigned_message";
    return refuse({ reason: code === "unknown_key" || code === "sender_mismatch" ? "unknown_sender" : "unsigned_message", reasons: m.reasons }, `message not verified: ${code}`);
  }
  const boundary = { sender: m.sender, receiver: ctx.id };
  if (!m.receivers.includes(ctx.id) || (expectedSender !== undefined && m.sender !== expectedSender)) {
    unverified.note("unknown_sender", "not_receiver", `message ${m.messageId} from ${m.sender} is not addressed to ${ctx.id}${expectedSender ? ` by ${expectedSender}` : ""}`, m.messageId);
    return refuse({ reason: "not_receiver", boundary }, "message not addressed to this agent", m);
  }
  // The digest before the replay guard: a captured signature sent with another body must not burn the real message's id.
  if (bodyDigest(bytes) !== m.bodyDigest) {
    unverified.note("unsigned_message", "bad_digest", `message ${m.messageId} from ${m.sender}: the body does not match its signed digest`, m.messageId);
    return refuse({ reason: "bad_digest", boundary }, "the body does not match its signature", m);
  }
  const replay = core.replays.check(m.sender, m.messageId, m.iat, ctx.clock.now());
  if (replay === "full") {
    // Not the sender's violation: logged (once per sender and interval, with a count), not reported.
    core.replayFull.note(m.sender, m.messageId);
    return refuse({ reason: "replayed", boundary }, "message refused: the sender's share of the replay guard is full (too many of its messages inside the replay window)", m);
  }
  if (replay !== "ok") {
    unverified.note("unsigned_message", replay, `message ${m.messageId} from ${m.sender} replayed (${replay === "seen" ? "seen before" : "iat outside the window"})`, m.messageId);
    return refuse({ reason: "replayed", boundary }, "replayed message", m);
  }
  return { ok: true, message: m };
}

/**
 * Runs a verified message through the breaker on its sender, the chain depth and the validators (reported as the
 * SDK does). `opts.rpc`: the body already parsed by the caller (parseRpc's result), so it is not parsed twice.
 */
export async function judgeVerified(core: TSidecarCore, m: TDigestMessage, bytes: Uint8Array | string, opts: { preAdmitted?: boolean; rpc?: Record<string, unknown> } = {}): Promise<TChecked> {
  const { ctx } = core;
  const rpc = "rpc" in opts ? opts.rpc : parseRpc(bytes);
  const body: unknown = rpc ?? asText(bytes);
  const validators = rpc || core.config.allowMalformed ? core.validatorsFor(m.sender) : [malformed];
  const { bodyDigest: _digest, ...headers } = m;
  const result = await judgeMessage(ctx, { ...headers, body } as TMessage, validators, { preAdmitted: opts.preAdmitted === true });
  if (result.accepted) return { ok: true, message: m, body, result };
  return refuse(verdictRefusal(core, m.sender, result, !rpc && !core.config.allowMalformed), `refused by Firebreak: ${result.reasons.join("; ")}`, m);
}

/** What a refused verdict says on the wire: breaker OPEN (with the cooldown left), chain too deep, malformed, or failed validation. */
function verdictRefusal(core: TSidecarCore, sender: string, r: TReceiveResult, isMalformed: boolean): TFirebreakData {
  const boundary = { sender, receiver: core.ctx.id };
  if (r.reasons.includes("breaker_open")) return { reason: "circuit_open", boundary, retryAfterS: retryAfterS(core, sender) };
  if (r.reasons.some((x) => x.startsWith("chain_depth"))) return { reason: "chain_depth", boundary, reasons: r.reasons };
  if (isMalformed) return { reason: "parse_error", boundary, reasons: r.reasons };
  return { reason: "validation_failed", boundary, reasons: r.reasons };
}

/** Seconds until the breaker on `sender` may let a probe through: the cooldown left, or one poll interval once it is over. */
export function retryAfterS(core: TSidecarCore, sender: string): number {
  const b = core.ctx.breakers.state(sender);
  const left = ((b.approval?.notBefore ?? b.cooldownEndsAt ?? 0) - core.ctx.clock.now()) / 1000;
  return Math.max(Math.ceil(core.config.pollIntervalMs / 1000), Math.ceil(left));
}
