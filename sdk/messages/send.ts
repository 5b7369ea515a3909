import { timeOrderedId } from "../time-ordered-id.ts";
import { isAgentId } from "../../lib/domain/agent-id.ts";
import { MAX_ID_LENGTH } from "../../lib/domain/ids.ts";
import { extendChain } from "../../lib/domain/provenance.ts";
import { reportViolation, type TAgentContext } from "../context.ts";
import { BoundaryOpenError, FirebreakError, PolicyViolationError } from "../errors.ts";
import { signJson } from "../keys/signer.ts";
import { MAX_RECEIVERS, MESSAGE_TYP, type TMessage } from "./envelope.ts";

/** Options of send: the ids this message derives from, and the chain it continues (origin → previous sender). */
export type TSendOptions = { parents: string[]; chain?: string[] };

/** A sent message: the envelope to hand to each receiver, who it went to, and who was skipped (boundary OPEN). */
export type TSent = { messageId: string; envelope: string; receivers: string[]; skipped: string[]; chain: string[] };

function checkInput(receivers: readonly string[], parents: readonly string[]): void {
  if (receivers.length === 0 || receivers.length > MAX_RECEIVERS || !receivers.every(isAgentId)) {
    throw new FirebreakError("invalid_message", "receivers must be 1 to 256 agent ids");
  }
  if (parents.length > 256 || !parents.every((p) => typeof p === "string" && p.length > 0 && p.length <= MAX_ID_LENGTH)) {
    throw new FirebreakError("invalid_message", `parents must be at most 256 ids of 1 to ${MAX_ID_LENGTH} characters`);
  }
}

/** Signs a message to `receivers` after the caps allow it; a refusal is reported and thrown as PolicyViolationError. */
export async function sendMessage(ctx: TAgentContext, receivers: readonly string[], body: unknown, opts: TSendOptions): Promise<TSent> {
  const wanted = [...new Set(receivers)];
  const parents = [...new Set(opts.parents)];
  checkInput(wanted, parents);
  const messageId = `msg-${timeOrderedId()}`;
  const chain = opts.chain && opts.chain.length > 0 ? extendChain(opts.chain, ctx.id) : [ctx.id];
  const now = ctx.clock.now();
  const targets = wanted.filter((r) => !ctx.peers.isOpen(r, now));
  const skipped = wanted.filter((r) => !targets.includes(r));
  if (targets.length === 0) throw new BoundaryOpenError(skipped); // nothing sent, nothing counted
  // The attempt is judged whole (all the receivers asked for); boundaries known OPEN are then left out.
  const check = ctx.outbox.begin(messageId, wanted, chain, ctx.policy.forSelf().fan_out, now);
  if (!check.ok) {
    reportViolation(ctx, check, messageId);
    throw new PolicyViolationError(check);
  }
  for (const r of skipped) ctx.outbox.acknowledge(messageId, r); // nothing is owed by a receiver we did not send to
  const payload: TMessage = { messageId, sender: ctx.id, receivers: targets, body: JSON.parse(JSON.stringify(body ?? null)), chain, parents, iat: Math.floor(now / 1000) };
  const envelope = await signJson(payload, MESSAGE_TYP, await ctx.signer());
  if (skipped.length) ctx.logger.info(`not sending ${messageId} to ${skipped.join(", ")}: boundary OPEN`);
  return { messageId, envelope, receivers: targets, skipped, chain };
}
