// The part of sodium-native (libsodium) Firebreak uses; the package ships no types.
declare module "sodium-native" {
  /** Whether signature is a valid Ed25519 signature of message by publicKey (32 bytes; throws on another length). */
  export function crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** Whether p encodes a point of the main subgroup: canonical, on the curve, not of small order. */
  export function crypto_core_ed25519_is_valid_point(p: Uint8Array): boolean;
  /** Writes the Ed25519 signature (64 bytes) of message by secretKey (64 bytes: seed, then public key) into signature. */
  export function crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
}
