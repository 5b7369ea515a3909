import { createPublicKey, verify, type KeyObject } from "node:crypto";

const B64URL = /^[A-Za-z0-9_-]*$/;

/** A registered Ed25519 public JWK as a node:crypto key (imported once per key by the caller). */
export function ed25519KeyFromJwk(jwk: { kty: string; crv: string; x: string }): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
}

/**
 * Verifies a compact JWS's Ed25519 signature with node:crypto, synchronously: the ingest path runs it on
 * its check workers (ingest/check-pool.ts), where one verify costs less than node's async API takes to
 * schedule it. The caller has already checked the header (alg pinned to EdDSA, typ, kid) and chosen the
 * key; returns the payload segment and its bytes, or null.
 */
export function verifyEd25519Jws(jws: string, key: KeyObject): { payload: Buffer; payloadB64: string } | null {
  const first = jws.indexOf(".");
  const second = jws.indexOf(".", first + 1);
  if (first < 0 || second < 0 || jws.indexOf(".", second + 1) >= 0) return null;
  const h = jws.slice(0, first);
  const p = jws.slice(first + 1, second);
  const s = jws.slice(second + 1);
  if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) return null;
  const signature = Buffer.from(s, "base64url");
  if (signature.length !== 64) return null;
  if (!verify(null, Buffer.from(jws.slice(0, second), "ascii"), key, signature)) return null;
  return { payload: Buffer.from(p, "base64url"), payloadB64: p };
}
