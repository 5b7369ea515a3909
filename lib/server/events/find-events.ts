import { getDb } from "../db/client.ts";

export type EventRow = { seq: number; source: string; eventId: string; type: string; time: Date; receivedAt: Date; kid: string };

/** The latest stored events, newest first, optionally of one source or type. */
export async function findEvents(opts: { take?: number; source?: string; type?: string } = {}): Promise<EventRow[]> {
  return getDb().event.findMany({
    where: { ...(opts.source ? { source: opts.source } : {}), ...(opts.type ? { type: opts.type } : {}) },
    orderBy: { seq: "desc" },
    take: Math.min(opts.take ?? 50, 500),
    select: { seq: true, source: true, eventId: true, type: true, time: true, receivedAt: true, kid: true },
  });
}
