import "server-only";
import type { TAuditQuery } from "../../domain/audit-query.ts";
import { getDb } from "../db/client.ts";
import { DEFAULT_PAGE, inRange, toPage } from "../db/page.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { nameRefs, type RefName } from "./name-refs.ts";

export type AuditEntryView = {
  seq: number; actor: string; action: string; subject: string; before: unknown; after: unknown; createdAt: string; hash: string;
  actorName: RefName; subjectName: RefName;
};

/** One page of the audit list. */
export type AuditPage = { entries: AuditEntryView[]; nextCursor: string | null };

/** Audit entries matching the filters, newest first, a page at a time; actors and subjects named for people. */
export async function findAuditEntries(query: Partial<TAuditQuery> = {}): Promise<AuditPage> {
  const limit = query.limit ?? DEFAULT_PAGE;
  const action = query.action && !query.action.includes(".") ? { startsWith: `${query.action}.` } : query.action;
  const where: Prisma.AuditEntryWhereInput = {
    ...(query.actor ? { actor: query.actor } : {}),
    ...(action ? { action } : {}),
    ...(query.subject ? { subject: query.subject } : {}),
    ...(query.q ? { OR: [{ actor: { contains: query.q } }, { action: { contains: query.q } }, { subject: { contains: query.q } }] } : {}),
    ...(query.from || query.to ? { createdAt: inRange(query) } : {}),
    ...(query.cursor ? { seq: { lt: query.cursor } } : {}),
  };
  const rows = await getDb().auditEntry.findMany({ where, orderBy: { seq: "desc" }, take: limit + 1 });
  const page = toPage(rows, limit, (r) => String(r.seq));
  const names = await nameRefs(page.rows.flatMap((r) => [r.actor, r.subject]));
  const parse = (s: string | null) => (s === null ? null : JSON.parse(s));
  return {
    entries: page.rows.map((r) => ({
      seq: r.seq, actor: r.actor, action: r.action, subject: r.subject, before: parse(r.before), after: parse(r.after),
      createdAt: r.createdAt.toISOString(), hash: r.hash, actorName: names.get(r.actor)!, subjectName: names.get(r.subject)!,
    })),
    nextCursor: page.nextCursor,
  };
}
