import type { Parameters } from "fast-check";

/**
 * Fixed seed and a bounded count in CI; a longer hunt is `FUZZ_RUNS=100000 npx vitest run --project unit
 * tests/unit/fuzz` (and FUZZ_SEED=<n> to try other inputs, or to replay a failure fast-check reported).
 */
export const fuzzRuns: Parameters<unknown> = {
  seed: Number(process.env.FUZZ_SEED ?? 20261130),
  numRuns: Number(process.env.FUZZ_RUNS ?? 300),
};

/** Test timeout that grows with FUZZ_RUNS, so a long run is not cut short. */
export const fuzzTimeoutMs = Math.max(30_000, Number(process.env.FUZZ_RUNS ?? 0) * 50);
