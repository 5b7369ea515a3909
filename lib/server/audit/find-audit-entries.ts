import "server-only";
import { getDb } from "../db/client.ts";

export type AuditEntryView = { seq: number; actor: string; action: string; subject: string; before: unknown; after: unknown; createdAt: string; hash: string };

/** Audit entries newest first, a page at a time (`before` = a seq from the previous page), optionally of one subject. */
export async function findAuditEntries(opts: { before?: number; subject?: string; take?: number } = {}): Promise<AuditEntryView[]> {
  const rows = await getDb().auditEntry.findMany({
    where: { ...(opts.before ? { seq: { lt: opts.before } } : {}), ...(opts.subject ? { subject: opts.subject } : {}) },
    orderBy: { seq: "desc" },
    take: Math.min(opts.take ?? 100, 500),
  });
  const parse = (s: string | null) => (s === null ? null : JSON.parse(s));
  return rows.map((r) => ({
    seq: r.seq, actor: r.actor, action: r.action, subject: r.subject, before: parse(r.before), after: parse(r.after),
    createdAt: r.createdAt.toISOString(), hash: r.hash,
  }));
}
