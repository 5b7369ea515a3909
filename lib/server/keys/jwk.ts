import "server-only";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { AppError } from "../errors.ts";
import { isUsableEd25519Key } from "./ed25519-verify.ts";

export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" };
export type PrivateJwk = PublicJwk & { d: string };

/** A fresh Ed25519 key pair as JWKs, kid = RFC 7638 thumbprint. */
export async function generateEd25519Jwk(): Promise<{ publicJwk: PublicJwk; privateJwk: PrivateJwk }> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const publicJwk = await toPublicJwk({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  return { publicJwk, privateJwk: { ...publicJwk, d: jwk.d! } };
}

/** Checks that a JWK is an Ed25519 public key and returns it normalised (only public members, kid = thumbprint). */
export async function toPublicJwk(jwk: JWK): Promise<PublicJwk> {
  // A private key pasted by mistake is refused rather than quietly stripped, so its owner knows to replace it.
  if (jwk && typeof jwk === "object" && "d" in jwk) throw new AppError("invalid", "that is a private key (it has d): give only the public part");
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(jwk.x)) {
    throw new AppError("invalid", "the key must be an Ed25519 public JWK (kty OKP, crv Ed25519, x)");
  }
  // 43 characters carry 258 bits for 32 bytes: the last 2 must be zero, or one key would have several spellings
  // (and several kids). Refused rather than rewritten, so the kid the owner computes is the one we publish.
  if (Buffer.from(jwk.x, "base64url").toString("base64url") !== jwk.x) {
    throw new AppError("invalid", "x is not canonical base64url: its last character has non-zero unused bits (encode the 32 bytes without padding, e.g. with a JOSE library)");
  }
  if (!isUsableEd25519Key(jwk.x)) {
    throw new AppError("invalid", "x is not a usable Ed25519 public key: it must be a point of the prime-order subgroup (with a small-order key anyone could sign as the agent)");
  }
  const kid = await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: jwk.x }, "sha256");
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, kid, alg: "EdDSA", use: "sig" };
}
