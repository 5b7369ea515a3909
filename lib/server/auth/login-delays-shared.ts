import "server-only";
import { getDb } from "../db/client.ts";
import { paramList, selectRows } from "../db/sql.ts";
import { forgetAfterMs, KNOWN_FOR_MS, loginKeys, mustWaitGiven, type LoginDelays, type LoginEntry } from "./login-delays.ts";

type Row = { key: string; failures: number | bigint; lastAt: string | Date };

const holder = globalThis as { __firebreakLoginPrunedAt?: number };
const PRUNE_EVERY_MS = 60_000;

/**
 * Sign-in failures counted in the LoginThrottle table, which every replica shares (PostgreSQL): each failure
 * is one atomic upsert, so a storm of wrong passwords on one replica delays the same account on all of them.
 */
export const sharedLoginDelays: LoginDelays = {
  async mustWait(email, address, now = Date.now()) {
    const k = loginKeys(email, address);
    const rows = await selectRows<Row>(getDb(), `SELECT "key", "failures", "lastAt" FROM "LoginThrottle" WHERE "key" IN (${paramList(4)})`,
      [k.pair, k.address, k.account, k.known]);
    const by = new Map<string, LoginEntry>(rows.map((r) => [r.key, { failures: Number(r.failures), last: new Date(r.lastAt).getTime() }]));
    return mustWaitGiven({ pair: by.get(k.pair), address: by.get(k.address), account: by.get(k.account), knownUntil: by.get(k.known)?.last ?? 0 }, now);
  },

  async recordFailure(email, address, now = Date.now()) {
    const k = loginKeys(email, address);
    const forgetBefore = new Date(now - forgetAfterMs());
    // A key quiet for longer than the forget time starts again at one failure.
    await getDb().$executeRawUnsafe(
      `INSERT INTO "LoginThrottle" ("key", "failures", "lastAt") VALUES ($1, 1, $4), ($2, 1, $4), ($3, 1, $4) ` +
        `ON CONFLICT ("key") DO UPDATE SET "failures" = CASE WHEN "LoginThrottle"."lastAt" < $5 THEN 1 ` +
        `ELSE "LoginThrottle"."failures" + 1 END, "lastAt" = EXCLUDED."lastAt"`,
      k.account, k.address, k.pair, new Date(now), forgetBefore);
    // Bounded: rows nobody failed on for the forget time (and known addresses past their time) go.
    if (now - (holder.__firebreakLoginPrunedAt ?? 0) > PRUNE_EVERY_MS) {
      holder.__firebreakLoginPrunedAt = now;
      await getDb().$executeRawUnsafe(`DELETE FROM "LoginThrottle" WHERE "lastAt" < $1`, forgetBefore);
    }
  },

  async recordSuccess(email, address, now = Date.now()) {
    const k = loginKeys(email, address);
    await getDb().$executeRawUnsafe(`DELETE FROM "LoginThrottle" WHERE "key" = $1`, k.pair);
    await getDb().$executeRawUnsafe(
      `INSERT INTO "LoginThrottle" ("key", "failures", "lastAt") VALUES ($1, 0, $2) ON CONFLICT ("key") DO UPDATE SET "lastAt" = EXCLUDED."lastAt"`,
      k.known, new Date(now + KNOWN_FOR_MS));
  },
};
