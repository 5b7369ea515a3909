import { randomFillSync } from "node:crypto";

// Random bytes drawn in bulk: one call to the system's generator per 409 ids rather than one per id.
const pool = Buffer.alloc(4096);
let used = pool.length;

const bytes = Buffer.alloc(16);
let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids from one process
 * in order within a millisecond, then 62 random bits. Ids that sort by time land at the end of the
 * server's indexes instead of on a random page each, which is what lets one SQLite file take thousands of
 * events a second (`npm run bench -- ingest` prints both).
 */
export function timeOrderedId(now = Date.now()): string {
  if (used + 10 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  if (now > lastMs) {
    lastMs = now;
    counter = ((pool[used] & 0x03) << 8) | pool[used + 1]; // a random start in the lower quarter leaves room to count
  } else if (++counter > 0xfff) {
    lastMs++; // 4,096 ids in one millisecond: borrow the next one rather than break the order
    counter = 0;
  }
  for (let i = 5; i >= 0; i--) bytes[5 - i] = Math.floor(lastMs / 2 ** (8 * i)) & 0xff;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  pool.copy(bytes, 8, used + 2, used + 10);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  used += 10;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
