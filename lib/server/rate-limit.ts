import "server-only";
import { AppError } from "./errors.ts";

type Bucket = { tokens: number; at: number };

/** A token bucket per key: `ratePerS` refill, `burst` capacity. In memory, per replica. */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(readonly ratePerS: number, readonly burst: number, readonly what: string) {}

  private fill(key: string, now: number): Bucket {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerS);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.buckets.clear(); // hard cap on memory under a spray of keys
    return b;
  }

  /** Throws 429 unless `cost` tokens are available for key; takes them when they are. */
  take(key: string, cost = 1, now = Date.now()): void {
    const b = this.fill(key, now);
    if (b.tokens < cost) {
      const retryAfterS = Math.max(1, Math.ceil((cost - b.tokens) / this.ratePerS));
      throw new AppError("rate_limited", `${this.what} ${key} is over its rate limit; retry in ${retryAfterS} s`, { retryAfterS });
    }
    b.tokens -= cost;
  }
}
