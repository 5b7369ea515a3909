import "server-only";
import { loginDelayConfig, type LoginDelayConfig } from "../config/security-config.ts";

/** Failed sign-ins under one key, and when the latest was (ms). */
export type LoginEntry = { failures: number; last: number };

/**
 * Where sign-in failures are counted: this process's memory (SQLite: one process), or a table every replica
 * shares (PostgreSQL, login-delays-shared.ts), so a guesser gains nothing from spreading over replicas.
 */
export type LoginDelays = {
  mustWait: (email: string, address: string, now?: number) => Promise<boolean>;
  recordFailure: (email: string, address: string, now?: number) => Promise<void>;
  recordSuccess: (email: string, address: string, now?: number) => Promise<void>;
};

/** How long an address an account signed in from stays exempt from the account's own delay. */
export const KNOWN_FOR_MS = 30 * 24 * 3600_000;

/** After this long without a failure a key starts afresh. */
export const forgetAfterMs = (c: LoginDelayConfig = loginDelayConfig()) => c.maxDelayS * 2000;

export const loginKeys = (email: string, address: string) => ({
  account: `acct:${email}`,
  address: `addr:${address}`,
  pair: `pair:${email}|${address}`,
  known: `known:${email}|${address}`,
});

// The wait after the latest failure once `failures` passed the free allowance: base, 2×base, 4×base … up to max.
function waitMs(entry: LoginEntry | undefined, free: number, c: LoginDelayConfig): number {
  if (!entry || entry.failures < free) return 0;
  const doublings = Math.min(30, entry.failures - free);
  return Math.min(c.maxDelayS, c.baseDelayS * 2 ** doublings) * 1000;
}

const isWaiting = (entry: LoginEntry | undefined, free: number, c: LoginDelayConfig, now: number) =>
  entry !== undefined && now < entry.last + waitMs(entry, free, c);

/**
 * Whether an attempt must wait (growing delays, never a lock anyone can set): per (account, address) and
 * per address always; per account only from addresses the account has not signed in from lately, so
 * guesses spread over many addresses cannot keep the owner out.
 */
export function mustWaitGiven(
  s: { pair?: LoginEntry; address?: LoginEntry; account?: LoginEntry; knownUntil: number },
  now: number,
  c: LoginDelayConfig = loginDelayConfig(),
): boolean {
  if (isWaiting(s.pair, c.freePerAccountAddress, c, now) || isWaiting(s.address, c.freePerAddress, c, now)) return true;
  return s.knownUntil < now && isWaiting(s.account, c.freePerAccount, c, now);
}

type Store = { failures: Map<string, LoginEntry>; known: Map<string, number> };
const holder = globalThis as { __firebreakLoginDelays?: Store };
const store = (holder.__firebreakLoginDelays ??= { failures: new Map(), known: new Map() });
const MAX_ENTRIES = 100_000; // hard cap on memory under a spray of addresses

/** Whether this attempt must wait, by this process's counts (see mustWaitGiven). */
export function mustWait(email: string, address: string, now = Date.now()): boolean {
  const k = loginKeys(email, address);
  const f = store.failures;
  return mustWaitGiven({ pair: f.get(k.pair), address: f.get(k.address), account: f.get(k.account), knownUntil: store.known.get(k.pair) ?? 0 }, now);
}

/** Records a failed sign-in against the account, the address and the pair. */
export function recordFailure(email: string, address: string, now = Date.now()): void {
  const forgetMs = forgetAfterMs();
  const { account, address: addr, pair } = loginKeys(email, address);
  for (const key of [account, addr, pair]) {
    const e = store.failures.get(key);
    if (!e || now - e.last > forgetMs) store.failures.set(key, { failures: 1, last: now });
    else Object.assign(e, { failures: e.failures + 1, last: now });
  }
  if (store.failures.size > MAX_ENTRIES) store.failures.clear();
}

/** After a successful sign-in: the pair starts afresh and the address is known for this account. */
export function recordSuccess(email: string, address: string, now = Date.now()): void {
  const k = loginKeys(email, address);
  store.failures.delete(k.pair);
  store.known.set(k.pair, now + KNOWN_FOR_MS);
  if (store.known.size > MAX_ENTRIES) store.known.clear();
}

/** The counts of this process only: right for SQLite, where one process serves everything. */
export const memoryLoginDelays: LoginDelays = {
  mustWait: async (...a) => mustWait(...a),
  recordFailure: async (...a) => recordFailure(...a),
  recordSuccess: async (...a) => recordSuccess(...a),
};
