import { randomFillSync } from "node:crypto";

const bytes = new Uint8Array(16);
let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids from one process
 * in order within a millisecond, then 62 random bits. Ids that sort by time land at the end of the
 * server's indexes instead of on a random page each, which is what lets one SQLite file take thousands of
 * events a second (`npm run bench -- ingest` prints both).
 */
export function timeOrderedId(now = Date.now()): string {
  randomFillSync(bytes);
  if (now > lastMs) {
    lastMs = now;
    counter = (bytes[6] & 0x03) << 8 | bytes[7]; // a random start in the lower quarter leaves room to count
  } else if (++counter > 0xfff) {
    lastMs++; // 4,096 ids in one millisecond: borrow the next one rather than break the order
    counter = 0;
  }
  const ms = lastMs;
  for (let i = 5; i >= 0; i--) bytes[5 - i] = Math.floor(ms / 2 ** (8 * i)) & 0xff;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
