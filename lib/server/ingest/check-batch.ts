import type { KeyObject } from "node:crypto";
import { ed25519KeyFromJwk, verifyEd25519Jws } from "../keys/ed25519-verify.ts";
import { checkEvent, type CheckContext, type CheckOutcome } from "./check-event.ts";

/** One event to verify and check, with the registered key its header named (already found usable). */
export type CheckItem = { jws: string; kid: string; agentId: string; x: string };

// Imported public keys of this thread, by their x: importing costs more than a verify.
const imported = new Map<string, KeyObject>();

/**
 * Verifies each item's Ed25519 signature and checks its CloudEvents payload (check-event.ts); one outcome
 * per item, in order. Synchronous and self-contained, so it runs as well on a check worker as inline. The
 * outcome leaves out the JWS, which the caller has: nothing that large is copied back from a worker.
 */
export function verifyAndCheck(items: CheckItem[], ctx: CheckContext): CheckOutcome[] {
  return items.map((item) => {
    let key = imported.get(item.x);
    if (!key) {
      if (imported.size > 10_000) imported.clear(); // bounded
      key = ed25519KeyFromJwk({ kty: "OKP", crv: "Ed25519", x: item.x });
      imported.set(item.x, key);
    }
    const verified = verifyEd25519Jws(item.jws, key);
    if (!verified) return { ok: false, id: null, error: { code: "bad_signature", detail: `the signature does not verify with key ${item.kid}` } };
    return checkEvent({ kid: item.kid, agentId: item.agentId, ...verified }, ctx);
  });
}

/** Whether an outcome's signature verified (every outcome but bad_signature): what the per-agent rate limit counts. */
export const signatureVerified = (o: CheckOutcome) => o.ok || o.error.code !== "bad_signature";
