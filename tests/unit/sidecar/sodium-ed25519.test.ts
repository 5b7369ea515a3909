import { generateKeyPairSync } from "node:crypto";
import { exportJWK, importJWK, type CryptoKey } from "jose";
import { describe, expect, it } from "vitest";
import { nodeEd25519 } from "../../../sdk/index.ts";
import { sodiumEd25519 } from "../../../sidecar/keys/sodium-ed25519.ts";

async function keys(): Promise<{ priv: CryptoKey; pub: CryptoKey }> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { priv: (await importJWK(await exportJWK(privateKey), "EdDSA")) as CryptoKey, pub: (await importJWK(await exportJWK(publicKey), "EdDSA")) as CryptoKey };
}

describe("the sidecar's Ed25519 (libsodium) is the same signature scheme as node:crypto's", () => {
  it("what one signs the other verifies, both ways; a changed byte or another key does not verify", async () => {
    const { priv, pub } = await keys();
    const other = await keys();
    const data = Buffer.from("eyJhbGciOiJFZERTQSJ9.eyJtZXNzYWdlSWQiOiJtLTEifQ");
    const bySodium = sodiumEd25519.sign(data, priv);
    expect(bySodium).toEqual(nodeEd25519.sign(data, priv)); // Ed25519 signatures are deterministic
    expect(nodeEd25519.verify(data, pub, bySodium)).toBe(true);
    expect(sodiumEd25519.verify(data, pub, nodeEd25519.sign(data, priv))).toBe(true);
    const changed = Buffer.from(data);
    changed[3] ^= 1;
    expect(sodiumEd25519.verify(changed, pub, bySodium)).toBe(false);
    expect(sodiumEd25519.verify(data, other.pub, bySodium)).toBe(false);
    expect(sodiumEd25519.verify(data, pub, bySodium.subarray(0, 63))).toBe(false);
  });

  it("refuses to sign with a public key", async () => {
    const { pub } = await keys();
    expect(() => sodiumEd25519.sign(Buffer.from("x"), pub)).toThrow(/private key/);
  });
});
