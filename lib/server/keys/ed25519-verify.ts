import { createPublicKey, verify, type KeyObject } from "node:crypto";

const B64URL = /^[A-Za-z0-9_-]*$/;

/** A registered Ed25519 public JWK as a node:crypto key (imported once per kid by the caller). */
export function ed25519KeyFromJwk(jwk: { kty: string; crv: string; x: string }): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
}

/**
 * Verifies a compact JWS's Ed25519 signature with node:crypto's asynchronous verify, which runs on the
 * thread pool so a batch verifies on every core (DESIGN §11). The caller has already checked the header
 * (alg pinned to EdDSA, typ, kid) and chosen the key; returns the payload bytes, or null.
 */
export function verifyEd25519Jws(jws: string, key: KeyObject): Promise<Buffer | null> {
  const [h, p, s] = jws.split(".");
  if (s === undefined || !B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) return Promise.resolve(null);
  const signature = Buffer.from(s, "base64url");
  if (signature.length !== 64) return Promise.resolve(null);
  const signed = Buffer.from(`${h}.${p}`, "ascii");
  return new Promise((resolve) =>
    verify(null, signed, key, signature, (err, ok) => resolve(!err && ok ? Buffer.from(p, "base64url") : null)),
  );
}
