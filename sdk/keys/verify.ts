import { compactVerify } from "jose";
import { ALLOWED_ALGS, checkJwsHeader } from "../../lib/domain/jws-header.ts";
import type { JwksCache, TPublishedKey } from "./jwks-cache.ts";

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
  let bytes: Uint8Array;
  try {
    bytes = (await compactVerify(jws, signer.key, { algorithms: ALLOWED_ALGS })).payload;
  } catch {
    return { ok: false, code: "bad_signature", detail: `the signature does not verify with key ${header.kid}` };
  }
  try {
    return { ok: true, payload: JSON.parse(new TextDecoder().decode(bytes)), signer };
  } catch {
    return { ok: false, code: "invalid_payload", detail: "the payload is not JSON" };
  }
}
