import crypto from "node:crypto";

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object: about a quarter of createHash's CPU on a
// small body, and every message is hashed twice a sidecar (docs/benchmarks.md#sidecar). Same bytes, same digest.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array | string, encoding: "base64url") => string }).hash;

/** The `bodyDigest` of a message: base64url SHA-256 of the exact body bytes. */
export function bodyDigest(bytes: Uint8Array | string): string {
  return oneShot ? oneShot("sha256", bytes, "base64url") : crypto.createHash("sha256").update(bytes).digest("base64url");
}
