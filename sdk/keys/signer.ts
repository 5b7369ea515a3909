import { KeyObject, sign } from "node:crypto";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { ConfigError } from "../errors.ts";

/** An agent's signing key: the private Ed25519 key and its registered kid. */
export type TSigner = { kid: string; key: CryptoKey };

/** A private Ed25519 JWK as `npm run agent:register --out` writes it. */
export type TPrivateJwk = JWK & { kty: "OKP"; crv: "Ed25519"; x: string; d: string; kid: string };

/** Checks the shape of a private Ed25519 JWK (synchronously) and returns a lazy importer of it. */
export function loadSigner(jwk: unknown): () => Promise<TSigner> {
  const j = jwk as Partial<TPrivateJwk> | null;
  if (!j || j.kty !== "OKP" || j.crv !== "Ed25519" || typeof j.d !== "string" || typeof j.x !== "string") {
    throw new ConfigError("privateJwk must be a private Ed25519 JWK (kty OKP, crv Ed25519, x, d)");
  }
  if (typeof j.kid !== "string" || j.kid.length === 0) throw new ConfigError("privateJwk needs the kid it was registered under");
  const kid = j.kid;
  let loaded: Promise<TSigner> | undefined;
  return () => (loaded ??= importJWK(j as JWK, "EdDSA").then((key) => ({ kid, key: key as CryptoKey })));
}

// node:crypto signs Ed25519 several times faster than WebCrypto through jose; the key object is made once per key.
const keyObjects = new WeakMap<CryptoKey, KeyObject>();
/** The node:crypto key object of an imported key (cached). */
export function keyObject(key: CryptoKey): KeyObject {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = KeyObject.from(key)));
  return k;
}

/** Signs a JSON payload as a compact JWS with header {alg: EdDSA, kid, typ}. */
export async function signJson(payload: unknown, typ: string, signer: TSigner): Promise<string> {
  const header = Buffer.from(JSON.stringify({ alg: "EdDSA", kid: signer.kid, typ })).toString("base64url");
  const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${input}.${sign(null, Buffer.from(input), keyObject(signer.key)).toString("base64url")}`;
}
