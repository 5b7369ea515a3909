import "server-only";
import { getDb } from "../db/client.ts";
import { transaction } from "../db/transaction.ts";
import { newId } from "../ids.ts";

/**
 * Moves outbox events to deliveries: one per enabled subscription asking for the event's kind. Each event
 * is taken by deleting it, so two replicas fanning out at once never queue it twice.
 */
export async function fanOutEvents(opts: { now: Date; retryForMs: number; take?: number }): Promise<number> {
  const db = getDb();
  const events = await db.webhookEvent.findMany({ orderBy: { createdAt: "asc" }, take: opts.take ?? 100 });
  if (events.length === 0) return 0;
  const subs = (await db.webhook.findMany({ where: { enabled: true }, select: { id: true, kinds: true } }))
    .map((s) => ({ id: s.id, kinds: new Set(JSON.parse(s.kinds) as string[]) }));
  let queued = 0;
  for (const e of events) {
    await transaction(async (tx) => {
      if ((await tx.webhookEvent.deleteMany({ where: { id: e.id } })).count === 0) return; // another replica took it
      const rows = subs.filter((s) => s.kinds.has(e.kind)).map((s) => ({
        id: newId("dlv"), webhookId: s.id, eventId: e.id, kind: e.kind, payload: e.payload, status: "pending",
        nextAttemptAt: opts.now, retryUntil: new Date(e.createdAt.getTime() + opts.retryForMs), createdAt: e.createdAt,
      }));
      if (rows.length) await tx.webhookDelivery.createMany({ data: rows });
      queued += rows.length;
    });
  }
  return queued;
}
