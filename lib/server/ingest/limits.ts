import { config } from "../config/config.ts";

/** Ingest limits, from the configuration (defaults of docs/architecture.md#events). */
export function ingestLimits() {
  const c = config();
  return { maxEvents: c.FIREBREAK_MAX_BATCH_EVENTS, maxBytes: c.FIREBREAK_MAX_BATCH_BYTES, clockSkewS: c.FIREBREAK_CLOCK_SKEW_S };
}
