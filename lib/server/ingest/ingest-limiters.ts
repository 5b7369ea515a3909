import "server-only";
import { RateLimiter } from "../rate-limit.ts";
import { intEnv } from "./limits.ts";

type Limiters = { perAddress: RateLimiter; perAgent: RateLimiter };
const holder = (globalThis as Record<string, unknown>) as { __firebreakIngestLimiters?: Limiters };

/** The ingest rate limiters: requests per source address, events per agent (configurable). */
export function ingestLimiters(): Limiters {
  return (holder.__firebreakIngestLimiters ??= {
    perAddress: new RateLimiter(intEnv("FIREBREAK_RATE_REQUESTS_PER_S", 200), intEnv("FIREBREAK_RATE_REQUESTS_BURST", 400), "address"),
    perAgent: new RateLimiter(intEnv("FIREBREAK_RATE_EVENTS_PER_S", 5_000), intEnv("FIREBREAK_RATE_EVENTS_BURST", 10_000), "agent"),
  });
}
