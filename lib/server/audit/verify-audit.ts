import "server-only";
import { getDb } from "../db/client.ts";
import { auditHash, GENESIS_HASH } from "./audit-hash.ts";
import { moveVerifiedMark, readAuditMark, type AuditMark } from "./audit-mark.ts";

/** The first broken link of the audit chain, named. */
export type AuditBreak = { seq: number; kind: "edited" | "inserted" | "deleted"; detail: string };
/** Entries committed but not chained yet (the audit outbox): the appender chains them within a second or so. */
export type AuditPending = { count: number; oldest: Date | null };
type ChainVerdict = { ok: true; entries: number; head?: { seq: number; hash: string } | null } | { ok: false; entries: number; broken: AuditBreak };
export type AuditVerdict = ChainVerdict & { pending: AuditPending };

type Entry = { seq: number; actor: string; action: string; subject: string; before: string | null; after: string | null; createdAt: Date; prevHash: string; hash: string };

const PAGE = 1_000;

/** Where a check starts: the chain's start, or an entry already verified (its hash and the one before it). */
type Start = { prevHash: string; beforePrev: string; prevSeq: number; count: number };
const FROM_THE_START: Start = { prevHash: GENESIS_HASH, beforePrev: GENESIS_HASH, prevSeq: 0, count: 0 };

/**
 * Recomputes the hash chain in order and names the first entry that does not fit: one whose own hash
 * does not match its fields (edited), one the next entry skips over (inserted), or a gap where the
 * entry does not chain to the one before it (entries deleted before it). Entries waiting in the outbox are
 * not part of the chain yet: they are counted beside it, never read as a break.
 * `fromMark` (the Audit page): only the entries after the verified mark are recomputed, and the mark moves
 * to the head. Changing or removing any entry resets the mark (a trigger), so the next check starts over
 * and names it; `npm run audit:verify` always checks from the start (docs/architecture.md#audit).
 */
export async function verifyAuditChain(opts: { fromMark?: boolean } = {}): Promise<AuditVerdict> {
  const db = getDb();
  // Counted before the chain is read: a row chained meanwhile is then counted twice, never missed.
  const [count, oldest] = await Promise.all([
    db.auditOutbox.count(), db.auditOutbox.findFirst({ orderBy: { id: "asc" }, select: { createdAt: true } }),
  ]);
  const pending = { count, oldest: oldest?.createdAt ?? null };
  if (!opts.fromMark) return { ...(await verifyChain(FROM_THE_START)), pending };
  const mark = await readAuditMark("verified");
  const verdict = await verifyChain((mark && (await startAt(mark))) ?? FROM_THE_START);
  if (mark && verdict.ok && verdict.head) await moveVerifiedMark(mark, { ...verdict.head, entries: verdict.entries });
  return { ...verdict, pending };
}

// The marked entry, still there with the hash it had and matching its fields: the check goes on from it.
async function startAt(mark: AuditMark): Promise<Start | null> {
  if (mark.seq <= 0) return null;
  const e = await getDb().auditEntry.findUnique({ where: { seq: mark.seq } });
  if (!e || e.hash !== mark.hash || auditHash(e.prevHash, e) !== e.hash) return null;
  return { prevHash: e.hash, beforePrev: e.prevHash, prevSeq: mark.seq, count: mark.entries };
}

async function verifyChain(start: Start): Promise<ChainVerdict> {
  const db = getDb();
  let { prevHash, beforePrev, prevSeq, count } = start; // beforePrev: the hash before the previous entry, to tell an insertion from a deletion
  for (let after = prevSeq; ; ) {
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
    if (page.length < PAGE) return { ok: true, entries: count, head: prevSeq > 0 ? { seq: prevSeq, hash: prevHash } : null };
    after = page.at(-1)!.seq;
  }
}

function broken(entries: number, b: AuditBreak): ChainVerdict {
  return { ok: false, entries, broken: b };
}
