import "server-only";
import { GroupCommit } from "../db/group-commit.ts";
import { insertRows, param, selectRows } from "../db/sql.ts";
import { transaction } from "../db/transaction.ts";

type Spend = { key: string; agentId: string; expiresAt: Date };

/** Most token ids written in one transaction. */
const MAX_GROUP = 500;
/** Expired ids are deleted by the first group after this long. */
const SWEEP_EVERY_MS = 10_000;
let sweptAt = 0;

// One INSERT … ON CONFLICT DO NOTHING for every id that arrived while the last one ran: an id already there (a
// replay, on any replica) is not given back. Two requests with the same id in one group: the first spends it.
async function spendGroup(spends: Spend[]): Promise<boolean[]> {
  return transaction(async (tx) => {
    const rows = spends.map((s) => [s.key, s.agentId, s.expiresAt]);
    const inserted = await insertRows<{ jti: string }>(tx, "UsedJti", ["jti", "agentId", "expiresAt"], rows, { ignoreConflicts: true, returning: ["jti"] });
    const fresh = new Set(inserted.map((r) => r.jti));
    const now = new Date();
    if (now.getTime() - sweptAt > SWEEP_EVERY_MS) {
      sweptAt = now.getTime();
      await selectRows(tx, `DELETE FROM "UsedJti" WHERE "expiresAt" < ${param(1)} RETURNING "jti"`, [now]);
    }
    return spends.map((s) => fresh.delete(s.key));
  }, { path: "driver" });
}

const groups = new GroupCommit<Spend, boolean>(spendGroup, MAX_GROUP, () => 1);

/**
 * Spends a request token's id in the UsedJti table that every replica shares: true the first time, false when
 * it was seen before. Concurrent requests share one transaction and its sync (group commit), written on the
 * driver, off the request thread on SQLite: agents connecting together (a restart, a deploy) each write one
 * row here, and one fsync apiece would hold up every other request (docs/benchmarks.md#directives). Expired
 * ids are deleted every 10 s, in the same transactions.
 */
export function spendUsedJti(opts: { agentId: string; jti: string; expiresAt: Date }): Promise<boolean> {
  return groups.submit({ key: `${opts.agentId}:${opts.jti}`, agentId: opts.agentId, expiresAt: opts.expiresAt });
}
