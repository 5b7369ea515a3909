import "server-only";
import { setFlagsFromString } from "node:v8";
import { config } from "./config/config.ts";

/**
 * Bounds how far V8 lets the heap grow past what the last full collection found alive: FIREBREAK_HEAP_GROWTH_PERCENT
 * (default 20) instead of V8's own factor, which let a replica holding 10,000 long polls (≈ 600 MB alive, its
 * requests' garbage dying in the old generation) reach 2.2 GB. Bounded, 1,500 held polls cost 95 KB of RSS each
 * instead of 133, for more frequent full collections (docs/benchmarks.md#directives,
 * docs/scale.md#what-a-held-long-poll-costs-in-memory). Not a limit: the heap still grows with its live data,
 * so nothing fails for want of room. Set at start-up (`--heap-growing-percent` cannot go through NODE_OPTIONS);
 * V8 reads it after every full collection.
 */
export function boundHeapGrowth(): void {
  const percent = config().FIREBREAK_HEAP_GROWTH_PERCENT;
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
