import "server-only";
import { getDb } from "../db/client.ts";
import { auditHash, GENESIS_HASH } from "./audit-hash.ts";

/** The first broken link of the audit chain, named. */
export type AuditBreak = { seq: number; kind: "edited" | "inserted" | "deleted"; detail: string };
/** Entries committed but not chained yet (the audit outbox): the appender chains them within a second or so. */
export type AuditPending = { count: number; oldest: Date | null };
type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; broken: AuditBreak };
export type AuditVerdict = ChainVerdict & { pending: AuditPending };

type Entry = { seq: number; actor: string; action: string; subject: string; before: string | null; after: string | null; createdAt: Date; prevHash: string; hash: string };

const PAGE = 1_000;

/**
 * Recomputes the hash chain in order and names the first entry that does not fit: one whose own hash
 * does not match its fields (edited), one the next entry skips over (inserted), or a gap where the
 * entry does not chain to the one before it (entries deleted before it). Entries waiting in the outbox are
 * not part of the chain yet: they are counted beside it, never read as a break.
 */
export async function verifyAuditChain(): Promise<AuditVerdict> {
  const db = getDb();
  // Counted before the chain is read: a row chained meanwhile is then counted twice, never missed.
  const [count, oldest] = await Promise.all([
    db.auditOutbox.count(), db.auditOutbox.findFirst({ orderBy: { id: "asc" }, select: { createdAt: true } }),
  ]);
  const pending = { count, oldest: oldest?.createdAt ?? null };
  return { ...(await verifyChain()), pending };
}

async function verifyChain(): Promise<ChainVerdict> {
  const db = getDb();
  let prevHash = GENESIS_HASH;
  let beforePrev = GENESIS_HASH; // the hash before the previous entry: to tell an insertion from a deletion
  let prevSeq = 0;
  let count = 0;
  for (let after = 0; ; ) {
    const page: Entry[] = await db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: PAGE });
    for (const e of page) {
      count++;
      if (auditHash(e.prevHash, e) !== e.hash) {
        return broken(count, { seq: e.seq, kind: "edited", detail: `entry #${e.seq} (${e.action} on ${e.subject}) does not match its hash: it was edited` });
      }
      if (e.prevHash !== prevHash) {
        if (count > 1 && e.prevHash === beforePrev) {
          return broken(count, { seq: prevSeq, kind: "inserted", detail: `entry #${prevSeq} was inserted: entry #${e.seq} chains past it` });
        }
        return broken(count, { seq: e.seq, kind: "deleted", detail: `entry #${e.seq} does not chain to ${count > 1 ? `entry #${prevSeq}` : "the start"}: entries before it were deleted` });
      }
      beforePrev = prevHash;
      prevHash = e.hash;
      prevSeq = e.seq;
    }
    if (page.length < PAGE) return { ok: true, entries: count };
    after = page.at(-1)!.seq;
  }
}

function broken(entries: number, b: AuditBreak): ChainVerdict {
  return { ok: false, entries, broken: b };
}
