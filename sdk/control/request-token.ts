import { randomUUID } from "node:crypto";
import { signJson, type TSigner } from "../keys/signer.ts";

/** Lifetime of a request token (docs/architecture.md#directives allows at most 60 s). */
export const REQUEST_TOKEN_TTL_S = 30;

/** The Bearer token of an agent request: a fb-request+jwt of {sub, aud: "firebreak", iat, exp = iat + 30 s, jti}. */
export function requestToken(agentId: string, signer: TSigner, now: number): Promise<string> {
  const iat = Math.floor(now / 1000);
  return signJson({ sub: agentId, aud: "firebreak", iat, exp: iat + REQUEST_TOKEN_TTL_S, jti: randomUUID() }, "fb-request+jwt", signer);
}
