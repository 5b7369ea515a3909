import { randomUUID } from "node:crypto";
import { signJson, type TSigner } from "../keys/signer.ts";

/** Lifetime of a request token (docs/architecture.md#directives allows at most 60 s). */
export const REQUEST_TOKEN_TTL_S = 30;

/**
 * The Bearer token of an agent request: a fb-request+jwt of {sub, aud: "firebreak", iat, exp = iat + 30 s, jti}.
 * With `replica` (the `firebreak-replica` a control plane answered with), aud is ["firebreak", replica]: only
 * that replica accepts it, and spends its jti without a database write.
 */
export function requestToken(agentId: string, signer: TSigner, now: number, replica?: string): Promise<string> {
  const iat = Math.floor(now / 1000);
  const aud = replica ? ["firebreak", replica] : "firebreak";
  return signJson({ sub: agentId, aud, iat, exp: iat + REQUEST_TOKEN_TTL_S, jti: randomUUID() }, "fb-request+jwt", signer);
}
