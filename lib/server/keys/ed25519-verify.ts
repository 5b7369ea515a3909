import { createPublicKey, verify, type KeyObject } from "node:crypto";
import sodium from "sodium-native";
import { config } from "../config/config.ts";

const B64URL = /^[A-Za-z0-9_-]*$/;

/** A registered Ed25519 public JWK as a node:crypto key (imported once per key by the caller). */
export function ed25519KeyFromJwk(jwk: { kty: string; crv: string; x: string }): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
}

/**
 * Whether a JWK's x (base64url) is an Ed25519 public key anyone could hold the private half of: a canonical
 * point of the prime-order subgroup. A small-order key is refused: under node:crypto's (OpenSSL's) rules one
 * fixed signature verifies for every message with it, so anyone could sign as its agent.
 */
export function isUsableEd25519Key(x: string): boolean {
  const raw = rawKey(x);
  return raw !== null && sodium.crypto_core_ed25519_is_valid_point(raw);
}

/** The 32 bytes of a JWK's x, or null when it decodes to another length. */
function rawKey(x: string): Buffer | null {
  const raw = Buffer.from(x, "base64url");
  return raw.length === 32 ? raw : null;
}

/** Checks an Ed25519 signature over data with a public key given as its JWK `x` (base64url). */
export type Ed25519Verifier = {
  /** What verifies: "libsodium" or "node:crypto" (OpenSSL). */
  name: string;
  verify(data: Buffer, signature: Buffer, x: string): boolean;
};

// Public keys ready for a verifier, by x: building a KeyObject costs more than a verify. Bounded.
function keyCache<K>(make: (x: string) => K): (x: string) => K {
  const keys = new Map<string, K>();
  return (x) => {
    let key = keys.get(x);
    if (key === undefined) {
      if (keys.size >= 10_000) keys.clear();
      keys.set(x, (key = make(x)));
    }
    return key;
  };
}

/**
 * libsodium (sodium-native, prebuilt): on this project's machines it verifies about twice as fast as
 * node:crypto, and it is the stricter of the two: it also refuses small-order and non-canonical public keys
 * and R points, which no honest signer produces.
 */
export function sodiumVerifier(): Ed25519Verifier {
  const key = keyCache(rawKey);
  return {
    name: "libsodium",
    verify: (data, signature, x) => {
      const publicKey = key(x);
      return publicKey !== null && signature.length === 64 && sodium.crypto_sign_verify_detached(signature, data, publicKey);
    },
  };
}

/** OpenSSL through node:crypto, with the small-order keys it would accept forgeries for refused first. */
export function nodeCryptoVerifier(): Ed25519Verifier {
  const key = keyCache((x) => (isUsableEd25519Key(x) ? ed25519KeyFromJwk({ kty: "OKP", crv: "Ed25519", x }) : null));
  return {
    name: "node:crypto",
    verify: (data, signature, x) => {
      const publicKey = key(x);
      return publicKey !== null && verify(null, data, publicKey, signature);
    },
  };
}

let chosen: Ed25519Verifier | undefined;

/** The ingest path's verifier: libsodium; FIREBREAK_ED25519=node-crypto chooses node:crypto (to compare). */
export function ed25519Verifier(): Ed25519Verifier {
  return (chosen ??= config().FIREBREAK_ED25519 === "node-crypto" ? nodeCryptoVerifier() : sodiumVerifier());
}

/**
 * Verifies a compact JWS's Ed25519 signature, synchronously: the ingest path runs it on its check workers
 * (ingest/check-pool.ts), where one verify costs less than node's async API takes to schedule it. The
 * caller has already checked the header (alg pinned to EdDSA, typ, kid) and chosen the registered key,
 * given as its JWK `x`; returns the payload segment and its bytes, or null.
 */
export function verifyEd25519Jws(jws: string, x: string, verifier = ed25519Verifier()): { payload: Buffer; payloadB64: string } | null {
  const first = jws.indexOf(".");
  const second = jws.indexOf(".", first + 1);
  if (first < 0 || second < 0 || jws.indexOf(".", second + 1) >= 0) return null;
  const h = jws.slice(0, first);
  const p = jws.slice(first + 1, second);
  const s = jws.slice(second + 1);
  if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) return null;
  const signature = Buffer.from(s, "base64url");
  if (signature.length !== 64) return null;
  if (!verifier.verify(Buffer.from(jws.slice(0, second), "ascii"), signature, x)) return null;
  return { payload: Buffer.from(p, "base64url"), payloadB64: p };
}
