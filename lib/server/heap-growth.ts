import "server-only";
import { setFlagsFromString } from "node:v8";
import { config } from "./config/config.ts";

/**
 * Bounds how far V8 lets the heap grow past what the last full collection found alive: FIREBREAK_HEAP_GROWTH_PERCENT
 * (default 20) instead of V8's own factor, which lets a large heap reach several times its live data. A replica
 * holding 10,000 long polls keeps about 600 MB alive, and its request garbage dies in the old generation: with
 * V8's factor it stood at 2 GB, bounded it stays near 1 GB, for more frequent full collections (figures and their
 * CPU: docs/benchmarks.md#directives; why: docs/scale.md#what-a-held-long-poll-costs-in-memory). Not a limit: the heap
 * still grows with its live data, so nothing fails for want of room. Set at start-up (`node --heap-growing-percent`
 * cannot go through NODE_OPTIONS); V8 reads it at every full collection.
 */
export function boundHeapGrowth(): void {
  const percent = config().FIREBREAK_HEAP_GROWTH_PERCENT;
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
