import { createHash } from "node:crypto";

/** The `bodyDigest` of a message: base64url SHA-256 of the exact body bytes. */
export function bodyDigest(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("base64url");
}
