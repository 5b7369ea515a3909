/** Ingest limits, from the environment (defaults of docs/architecture.md#events). */
export function ingestLimits() {
  return {
    maxEvents: intEnv("FIREBREAK_MAX_BATCH_EVENTS", 500),
    maxBytes: intEnv("FIREBREAK_MAX_BATCH_BYTES", 1024 * 1024),
    clockSkewS: intEnv("FIREBREAK_CLOCK_SKEW_S", 300),
  };
}

/** A positive integer from the environment, or the default. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got ${raw})`);
  return n;
}
