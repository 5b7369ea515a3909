import "server-only";
import { getDb } from "../db/client.ts";
import { DEFAULT_PAGE, inRange, toPage } from "../db/page.ts";
import { AppError } from "../errors.ts";
import { EVENT_SUMMARY_SELECT, toEventSummary } from "./event-summary.ts";
import type { TEventQuery, TEventsPage } from "../../domain/event-query.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * One page of stored events matching the filters, newest first (by the order they were stored), and the
 * cursor of the next page. An agent or boundary that does not exist is an `invalid` filter, not an empty list.
 */
export async function findEvents(query: TEventQuery): Promise<TEventsPage> {
  const db = getDb();
  await assertKnown(query);
  const limit = query.limit ?? DEFAULT_PAGE;
  const where: Prisma.EventWhereInput = {
    ...(query.agent ? { source: query.agent } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.boundary ? { boundaryId: query.boundary } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.from || query.to ? { time: inRange(query) } : {}),
    ...(query.cursor ? { seq: { lt: query.cursor } } : {}),
  };
  const rows = await db.event.findMany({
    where,
    orderBy: { seq: "desc" },
    take: limit + 1, // one more than asked: whether a next page exists
    select: EVENT_SUMMARY_SELECT,
  });
  const page = toPage(rows, limit, (r) => String(r.seq));
  return { events: page.rows.map(toEventSummary), nextCursor: page.nextCursor };
}

async function assertKnown(query: TEventQuery): Promise<void> {
  const db = getDb();
  const problems = [];
  if (query.agent && !(await db.agent.findUnique({ where: { id: query.agent }, select: { id: true } }))) {
    problems.push({ path: "agent", message: `no agent ${query.agent}` });
  }
  if (query.boundary && !(await db.boundary.findUnique({ where: { id: query.boundary }, select: { id: true } }))) {
    problems.push({ path: "boundary", message: `no boundary ${query.boundary}` });
  }
  if (problems.length) throw new AppError("invalid", problems.map((p) => p.message).join("; "), { problems });
}
