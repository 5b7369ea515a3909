import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ed25519Verifier, isUsableEd25519Key, nodeCryptoVerifier, sodiumVerifier, verifyEd25519Jws,
} from "../../../lib/server/keys/ed25519-verify.ts";

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, x: (publicKey.export({ format: "jwk" }) as { x: string }).x };
}

// The identity point (order 1): with it, R = identity and S = 0 satisfy [S]B = R + [k]A for every message.
const IDENTITY = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]);
const FORGERY = Buffer.concat([IDENTITY, Buffer.alloc(32)]);
// ℓ, the order of the prime subgroup, little-endian: S + ℓ is the same scalar written non-canonically.
const L = Buffer.from("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "hex");

function addLittleEndian(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(32);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = a[i] + b[i] + carry;
    out[i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

describe.each([sodiumVerifier(), nodeCryptoVerifier()])("Ed25519 verifier $name", (verifier) => {
  const signer = keyPair();
  const message = Buffer.from("header.payload");
  const signature = sign(null, message, signer.privateKey);

  it("accepts a good signature and refuses another message, another key and a flipped bit", () => {
    expect(verifier.verify(message, signature, signer.x)).toBe(true);
    expect(verifier.verify(Buffer.from("header.payloaD"), signature, signer.x)).toBe(false);
    expect(verifier.verify(message, signature, keyPair().x)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10] ^= 1;
    expect(verifier.verify(message, flipped, signer.x)).toBe(false);
  });

  it("refuses S written non-canonically (S + ℓ), which would let a signature be re-encoded", () => {
    const s = signature.subarray(32);
    const malleable = Buffer.concat([signature.subarray(0, 32), addLittleEndian(s, L)]);
    expect(malleable[63] < 0x20).toBe(true); // still 32 bytes: the re-encoding is possible for this S
    expect(verifier.verify(message, malleable, signer.x)).toBe(false);
  });

  it("refuses the one signature that verifies every message under a small-order key", () => {
    expect(verifier.verify(Buffer.from("anything at all"), FORGERY, IDENTITY.toString("base64url"))).toBe(false);
  });

  it("refuses a key that is not 32 bytes and a signature that is not 64 without throwing", () => {
    expect(verifier.verify(message, signature, signer.x.slice(0, 20))).toBe(false);
    expect(verifier.verify(message, signature.subarray(0, 63), signer.x)).toBe(false);
  });
});

describe("Ed25519 keys and JWS", () => {
  it.skipIf(process.env.FIREBREAK_ED25519)("ingest verifies with libsodium: the prebuilt addon loads on this machine", () => {
    expect(ed25519Verifier().name).toBe("libsodium");
  });

  it("a fresh key is usable; small-order points and other lengths are not", () => {
    expect(isUsableEd25519Key(keyPair().x)).toBe(true);
    expect(isUsableEd25519Key(IDENTITY.toString("base64url"))).toBe(false);
    expect(isUsableEd25519Key(Buffer.alloc(32).toString("base64url"))).toBe(false); // order 4
    expect(isUsableEd25519Key(Buffer.alloc(31, 7).toString("base64url"))).toBe(false);
  });

  it("verifyEd25519Jws gives back the payload of a good JWS and null for a bad one", () => {
    const signer = keyPair();
    const head = Buffer.from(JSON.stringify({ alg: "EdDSA", kid: "k", typ: "fb-event+jws" })).toString("base64url");
    const body = Buffer.from('{"hello":"world"}').toString("base64url");
    const sig = sign(null, Buffer.from(`${head}.${body}`), signer.privateKey).toString("base64url");
    expect(verifyEd25519Jws(`${head}.${body}.${sig}`, signer.x)).toEqual({ payload: Buffer.from('{"hello":"world"}'), payloadB64: body });
    expect(verifyEd25519Jws(`${head}.${body}x.${sig}`, signer.x)).toBeNull();
    expect(verifyEd25519Jws(`${head}.${body}.${sig}.extra`, signer.x)).toBeNull();
    expect(verifyEd25519Jws(`${head}.${body}`, signer.x)).toBeNull();
  });
});
