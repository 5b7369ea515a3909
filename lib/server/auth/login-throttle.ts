import { intEnv } from "../ingest/limits.ts";

type Entry = { failures: number; since: number };
const holder = globalThis as { __firebreakLoginThrottle?: Map<string, Entry> };
const failures = (holder.__firebreakLoginThrottle ??= new Map());

const WINDOW_MS = 15 * 60_000;
const limits = () => ({
  account: intEnv("FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5),
  address: intEnv("FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
});

function count(key: string, now: number): number {
  const e = failures.get(key);
  if (!e || now - e.since > WINDOW_MS) return 0;
  return e.failures;
}

/** Whether sign-in attempts for this account or from this address are paused (too many recent failures). */
export function isLoginThrottled(email: string, address: string, now = Date.now()): boolean {
  const l = limits();
  return count(`acct:${email}`, now) >= l.account || count(`addr:${address}`, now) >= l.address;
}

/** Records a failed sign-in against the account and the address. */
export function recordLoginFailure(email: string, address: string, now = Date.now()): void {
  for (const key of [`acct:${email}`, `addr:${address}`]) {
    const e = failures.get(key);
    if (!e || now - e.since > WINDOW_MS) failures.set(key, { failures: 1, since: now });
    else e.failures++;
  }
  if (failures.size > 100_000) failures.clear(); // hard cap on memory under a spray of addresses
}

/** Clears the account's failures after a successful sign-in. */
export function recordLoginSuccess(email: string): void {
  failures.delete(`acct:${email}`);
}
