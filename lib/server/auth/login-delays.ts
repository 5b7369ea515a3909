import "server-only";
import { loginDelayConfig, type LoginDelayConfig } from "../config/security-config.ts";

type Entry = { failures: number; last: number };
type Store = { failures: Map<string, Entry>; known: Map<string, number> };
const holder = globalThis as { __firebreakLoginDelays?: Store };
const store = (holder.__firebreakLoginDelays ??= { failures: new Map(), known: new Map() });

const KNOWN_FOR_MS = 30 * 24 * 3600_000;
const MAX_ENTRIES = 100_000; // hard cap on memory under a spray of addresses

const keys = (email: string, address: string) => ({
  account: `acct:${email}`,
  address: `addr:${address}`,
  pair: `pair:${email}|${address}`,
});

// The wait after the latest failure once `failures` passed the free allowance: base, 2×base, 4×base … up to max.
function waitMs(entry: Entry | undefined, free: number, c: LoginDelayConfig): number {
  if (!entry || entry.failures < free) return 0;
  const doublings = Math.min(30, entry.failures - free);
  return Math.min(c.maxDelayS, c.baseDelayS * 2 ** doublings) * 1000;
}

function isWaiting(key: string, free: number, c: LoginDelayConfig, now: number): boolean {
  const entry = store.failures.get(key);
  return entry !== undefined && now < entry.last + waitMs(entry, free, c);
}

/**
 * Whether this attempt must wait (growing delays, never a lock anyone can set): per (account, address) and
 * per address always; per account only from addresses the account has not signed in from lately, so
 * guesses spread over many addresses cannot keep the owner out.
 */
export function mustWait(email: string, address: string, now = Date.now()): boolean {
  const c = loginDelayConfig();
  const k = keys(email, address);
  if (isWaiting(k.pair, c.freePerAccountAddress, c, now) || isWaiting(k.address, c.freePerAddress, c, now)) return true;
  const knownUntil = store.known.get(k.pair) ?? 0;
  return knownUntil < now && isWaiting(k.account, c.freePerAccount, c, now);
}

/** Records a failed sign-in against the account, the address and the pair. */
export function recordFailure(email: string, address: string, now = Date.now()): void {
  const forgetMs = loginDelayConfig().maxDelayS * 2000;
  for (const key of Object.values(keys(email, address))) {
    const e = store.failures.get(key);
    if (!e || now - e.last > forgetMs) store.failures.set(key, { failures: 1, last: now });
    else Object.assign(e, { failures: e.failures + 1, last: now });
  }
  if (store.failures.size > MAX_ENTRIES) store.failures.clear();
}

/** After a successful sign-in: the pair starts afresh and the address is known for this account. */
export function recordSuccess(email: string, address: string, now = Date.now()): void {
  const k = keys(email, address);
  store.failures.delete(k.pair);
  store.known.set(k.pair, now + KNOWN_FOR_MS);
  if (store.known.size > MAX_ENTRIES) store.known.clear();
}
