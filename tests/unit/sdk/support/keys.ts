import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";

/** A fresh Ed25519 key pair: the private key, its private JWK (kid = thumbprint) and public JWK. */
export type TTestKey = { kid: string; privateKey: CryptoKey; privateJwk: JWK & { kid: string }; publicJwk: JWK & { kid: string } };

/** Generates an Ed25519 key pair as the registry would (kid = RFC 7638 thumbprint). */
export async function testKey(): Promise<TTestKey> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: jwk.x! }, "sha256");
  const publicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x!, kid, alg: "EdDSA", use: "sig" };
  return { kid, privateKey, privateJwk: { ...publicJwk, d: jwk.d! }, publicJwk };
}

/** Signs JSON (or raw text) with any protected header: the tool for forging bad envelopes and directives. */
export function signWith(key: TTestKey, payload: unknown, header: Record<string, unknown>): Promise<string> {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  return new CompactSign(new TextEncoder().encode(text)).setProtectedHeader({ alg: "EdDSA", kid: key.kid, ...header }).sign(key.privateKey);
}
