import { sign, verify } from "node:crypto";
import type { CryptoKey } from "jose";
import { keyObject } from "./key-object.ts";

/** Ed25519 on imported keys: node:crypto by default; a host may plug a faster one of the same strictness or stricter (setEd25519). */
export type TEd25519 = {
  sign(data: Buffer, privateKey: CryptoKey): Buffer;
  verify(data: Buffer, publicKey: CryptoKey, signature: Buffer): boolean;
};

/** OpenSSL through node:crypto, on cached key objects. */
export const nodeEd25519: TEd25519 = {
  sign: (data, key) => sign(null, data, keyObject(key)),
  verify: (data, key, signature) => verify(null, data, keyObject(key), signature),
};

let current: TEd25519 = nodeEd25519;

/** Signs and verifies every JWS of this process with `impl` from now on (the sidecar plugs libsodium). */
export function setEd25519(impl: TEd25519): void {
  current = impl;
}

/** The Ed25519 in use. */
export const ed25519 = (): TEd25519 => current;
