import { importJWK, type CryptoKey, type JWK } from "jose";
import { ed25519 } from "./ed25519.ts";
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

/** Signs a JSON payload as a compact JWS with header {alg: EdDSA, kid, typ}. */
export async function signJson(payload: unknown, typ: string, signer: TSigner): Promise<string> {
  const header = encodedHeader(signer.kid, typ);
  const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${input}.${ed25519().sign(Buffer.from(input), signer.key).toString("base64url")}`;
}

// A signer signs a few kinds of JWS (messages, events, request tokens), each on every message: their encoded headers are made once.
const headers = new Map<string, string>();
function encodedHeader(kid: string, typ: string): string {
  const k = `${kid} ${typ}`;
  let h = headers.get(k);
  if (h === undefined) {
    h = Buffer.from(JSON.stringify({ alg: "EdDSA", kid, typ })).toString("base64url");
    if (headers.size < 1000) headers.set(k, h);
  }
  return h;
}
