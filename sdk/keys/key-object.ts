import { KeyObject } from "node:crypto";
import type { CryptoKey } from "jose";

// node:crypto signs and verifies Ed25519 several times faster than WebCrypto through jose; the key object is
// made once per key. Internal: kept out of the public declarations, which need no Node types.
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/** The node:crypto key object of an imported key (cached). */
export function keyObject(key: CryptoKey): KeyObject {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = KeyObject.from(key)));
  return k;
}
