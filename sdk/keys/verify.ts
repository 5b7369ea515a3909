import { ALLOWED_ALGS, checkJwsHeader } from "../../lib/domain/jws-header.ts";
import type { JwksCache, TPublishedKey } from "./jwks-cache.ts";
import { ed25519 } from "./ed25519.ts";

/** Why a compact JWS was refused (the ingest codes of docs/architecture.md#events, reused). */
export type TJwsRefusal = { ok: false; code: "malformed_jws" | "alg_not_allowed" | "wrong_typ" | "unknown_key" | "bad_signature" | "invalid_payload"; detail: string };

/** A verified JWS: its JSON payload and the published key that signed it. */
export type TJwsVerified = { ok: true; payload: unknown; signer: TPublishedKey };

/** Verifies a compact JWS of the given typ against a cached JWKS (alg pinned, kid looked up by us) and parses its JSON payload. */
export async function verifyJws(jws: unknown, typ: string, keys: JwksCache): Promise<TJwsVerified | TJwsRefusal> {
  if (typeof jws !== "string") return { ok: false, code: "malformed_jws", detail: "not a compact JWS string" };
  const header = checkJwsHeader(jws, typ);
  if (!header.ok) return header;
  const signer = await keys.get(header.kid);
  if (!signer) return { ok: false, code: "unknown_key", detail: `no published key ${header.kid}` };
  // The header is checked above (alg pinned to Ed25519, typ, no crit / b64): what is left is the signature itself.
  const [h, p, s] = jws.split(".");
  const signature = Buffer.from(s, "base64url");
  let valid = false;
  try {
    valid = signature.length === 64 && ALLOWED_ALGS.includes(String(header.header.alg)) && ed25519().verify(Buffer.from(`${h}.${p}`), signer.key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, code: "bad_signature", detail: `the signature does not verify with key ${header.kid}` };
  try {
    return { ok: true, payload: JSON.parse(Buffer.from(p, "base64url").toString("utf8")), signer };
  } catch {
    return { ok: false, code: "invalid_payload", detail: "the payload is not JSON" };
  }
}
