import { verifyEd25519Jws } from "../keys/ed25519-verify.ts";
import { checkEvent, type CheckContext, type CheckOutcome } from "./check-event.ts";

/** One event to verify and check, with the registered key its header named (already found usable). */
export type CheckItem = { jws: string; kid: string; agentId: string; x: string };

/**
 * Verifies each item's Ed25519 signature and checks its CloudEvents payload (check-event.ts); one outcome
 * per item, in order. Synchronous and self-contained, so it runs as well on a check worker as inline. The
 * outcome leaves out the JWS, which the caller has: nothing that large is copied back from a worker.
 */
export function verifyAndCheck(items: CheckItem[], ctx: CheckContext): CheckOutcome[] {
  return items.map((item) => {
    const verified = verifyEd25519Jws(item.jws, item.x);
    if (!verified) return { ok: false, id: null, error: { code: "bad_signature", detail: `the signature does not verify with key ${item.kid}` } };
    return checkEvent({ kid: item.kid, agentId: item.agentId, ...verified }, ctx);
  });
}

/** Whether an outcome's signature verified (every outcome but bad_signature): what the per-agent rate limit counts. */
export const signatureVerified = (o: CheckOutcome) => o.ok || o.error.code !== "bad_signature";
