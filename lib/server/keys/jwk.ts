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
  if (!isUsableEd25519Key(jwk.x)) {
    throw new AppError("invalid", "x is not a usable Ed25519 public key: it must be a point of the prime-order subgroup (with a small-order key anyone could sign as the agent)");
  }
  const kid = await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: jwk.x }, "sha256");
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, kid, alg: "EdDSA", use: "sig" };
}
