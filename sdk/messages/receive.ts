import { checkChainDepth } from "../../lib/domain/caps.ts";
import type { TBreakerStateName } from "../../lib/domain/breaker.ts";
import type { TViolationRule } from "../../lib/domain/violation.ts";
import { reportViolation, type TAgentContext } from "../context.ts";
import { verifyJws } from "../keys/verify.ts";
import { MESSAGE_TYP, ZMessagePayload, type TMessage } from "./envelope.ts";
import { reasonText, runValidators, type TValidator, type TVerdict } from "./validators.ts";

/** What a receiver tells the sender back (hand it to the sender's acknowledge()): frees its fan-out slot, shares the breaker state. */
export type TReceipt = { messageId: string; receiver: string; accepted: boolean; breaker: TBreakerStateName; retryAt?: number };

/** The outcome of receive: accepted with the body, or refused with reasons; the receipt exists once the sender is verified. */
export type TReceiveResult = { accepted: boolean; body?: unknown; reasons: string[]; anomalyScore: number; message?: TMessage; receipt?: TReceipt };

const SEEN_MAX = 10_000;
const refused = (reasons: string[], message?: TMessage): TReceiveResult => ({ accepted: false, reasons, anomalyScore: 0, ...(message ? { message } : {}) });

/** A message payload schema whose data names its sender (the SDK's, or the sidecar's with a body digest). */
type TSenderSchema<T extends { messageId: string; sender: string }> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } };

/** How a refusal to authenticate is reported: its rule and detail, and the code the refusal carries. */
export type TAuthReport = (refusal: { rule: TViolationRule; detail: string }, code: string) => void;

/**
 * Verifies a message JWS (typ fb-message+jws) and its sender's identity; reports unsigned / unknown senders
 * (through `report`, one report each by default); returns the payload or a refusal.
 */
export async function authenticateMessage<T extends { messageId: string; sender: string }>(ctx: TAgentContext, envelope: unknown, schema: TSenderSchema<T>, report: TAuthReport = (r) => reportViolation(ctx, r)): Promise<T | TReceiveResult> {
  const v = await verifyJws(envelope, MESSAGE_TYP, ctx.agentKeys);
  const violation = (rule: TViolationRule, code: string, detail: string) => (report({ rule, detail }, code), refused([code]));
  if (!v.ok) return violation(v.code === "unknown_key" ? "unknown_sender" : "unsigned_message", v.code, `message refused: ${v.detail}`);
  const parsed = schema.safeParse(v.payload);
  if (!parsed.success) return violation("unsigned_message", "invalid_message", `malformed message from key ${v.signer.kid}: ${parsed.error.issues[0]?.message}`);
  const m = parsed.data;
  if (v.signer.owner !== m.sender) return violation("unknown_sender", "sender_mismatch", `message ${m.messageId} claims sender ${m.sender} but key ${v.signer.kid} belongs to ${v.signer.owner ?? "nobody known"}`);
  return m;
}

/** Checks a verified message (chain depth, then the caller's validators) into one verdict. */
async function judge(ctx: TAgentContext, m: TMessage, validators: readonly TValidator[]): Promise<TVerdict & { tooDeep?: true }> {
  const depth = checkChainDepth(m.chain, ctx.policy.forBoundary(m.sender).fan_out);
  if (!depth.ok) {
    reportViolation(ctx, depth, m.messageId);
    return { ok: false, reasons: [reasonText(`chain_depth: ${depth.detail}`)], anomalyScore: 0, tooDeep: true };
  }
  return runValidators(m, validators);
}

/** Creates the receive function of an agent: verify, check addressing and replays, breaker, validators, report. */
export function receiver(ctx: TAgentContext) {
  const seen = new Set<string>();
  return async function receive(envelope: unknown, validators: readonly TValidator[] = []): Promise<TReceiveResult> {
    const m = await authenticateMessage(ctx, envelope, ZMessagePayload);
    if (!("messageId" in m)) return m;
    if (!m.receivers.includes(ctx.id)) return refused(["not_receiver"], m);
    if (seen.has(m.messageId)) return refused(["replayed"], m);
    seen.add(m.messageId);
    if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value!);

    return judgeMessage(ctx, m, validators);
  };
}

/**
 * Runs a verified message through the breaker on its sender, the chain-depth cap and the validators; reports
 * and steps the breaker. `preAdmitted`: the breaker already let this message through (a sidecar admits a
 * request's answer when it sends the request, so a HALF_OPEN breaker lets exactly its probes out).
 */
export async function judgeMessage(ctx: TAgentContext, m: TMessage, validators: readonly TValidator[], opts: { preAdmitted?: boolean } = {}): Promise<TReceiveResult> {
  const admitted = opts.preAdmitted === true || ctx.breakers.admit(m.sender);
  const verdict: TVerdict & { tooDeep?: true } = admitted ? await judge(ctx, m, validators) : { ok: false, reasons: ["breaker_open"], anomalyScore: 0 };
  // The server refuses a validated event whose chain is over the limit: the violation already tells it.
  if (!verdict.tooDeep) ctx.reporter.report("firebreak.message.validated", {
    messageId: m.messageId, sender: m.sender, receiver: ctx.id, outcome: verdict.ok ? "accepted" : "rejected",
    reasons: verdict.reasons, anomalyScore: verdict.anomalyScore, chain: m.chain, parents: m.parents, fanOut: m.receivers.length,
  });
  if (admitted) ctx.breakers.step(m.sender, { kind: "validation", outcome: verdict.ok ? "accepted" : "rejected", anomalyScore: verdict.anomalyScore, at: ctx.clock.now() });
  const b = ctx.breakers.state(m.sender);
  const receipt: TReceipt = { messageId: m.messageId, receiver: ctx.id, accepted: verdict.ok, breaker: b.state, ...(b.state === "OPEN" && b.cooldownEndsAt ? { retryAt: b.cooldownEndsAt } : {}) };
  return { accepted: verdict.ok, ...(verdict.ok ? { body: m.body } : {}), reasons: verdict.reasons, anomalyScore: verdict.anomalyScore, message: m, receipt };
}
