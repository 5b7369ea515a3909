import "server-only";
import { config } from "../config/config.ts";
import { RateLimiter } from "../rate-limit.ts";

type Limiters = { perAddress: RateLimiter; perAgent: RateLimiter };
const holder = (globalThis as Record<string, unknown>) as { __firebreakIngestLimiters?: Limiters };

/** The ingest rate limiters: requests per source address, events per agent (configurable). */
export function ingestLimiters(): Limiters {
  const c = config();
  return (holder.__firebreakIngestLimiters ??= {
    perAddress: new RateLimiter(c.FIREBREAK_RATE_REQUESTS_PER_S, c.FIREBREAK_RATE_REQUESTS_BURST, "address"),
    perAgent: new RateLimiter(c.FIREBREAK_RATE_EVENTS_PER_S, c.FIREBREAK_RATE_EVENTS_BURST, "agent"),
  });
}
