import "server-only";
import { dbProvider } from "../db/client.ts";
import { insertRows, param, readDate, selectRows } from "../db/sql.ts";
import { transaction } from "../db/transaction.ts";
import type { Tx } from "../db/tx.ts";
import { newId } from "../ids.ts";

/** Events taken from the outbox in one transaction at most. */
const PASS = 100;

type EventRow = { id: string; kind: string; payload: string; createdAt: string | Date };

const DELIVERY_COLUMNS = ["id", "webhookId", "eventId", "kind", "payload", "status", "nextAttemptAt", "retryUntil", "createdAt"];

/**
 * Moves outbox events to deliveries: one per enabled subscription asking for the event's kind, until the
 * outbox is empty. A pass is one driver transaction: one `DELETE … RETURNING` takes up to `take` events, the
 * oldest first, and one multi-row insert queues their deliveries. An event is taken by deleting it, committed
 * with its deliveries or not at all, so two replicas fanning out at once never queue it twice and never lose
 * it: on PostgreSQL each skips the rows the other has locked (SKIP LOCKED), SQLite's write transactions take
 * turns. Returns how many deliveries it queued.
 */
export async function fanOutEvents(opts: { now: Date; retryForMs: number; take?: number }): Promise<number> {
  const take = opts.take ?? PASS;
  let queued = 0;
  for (;;) {
    const pass = await transaction((tx) => fanOutPass(tx, take, opts), { path: "driver" });
    queued += pass.queued;
    if (pass.taken < take) return queued;
  }
}

async function fanOutPass(tx: Tx, take: number, opts: { now: Date; retryForMs: number }) {
  const skipLocked = dbProvider() === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
  const events = await selectRows<EventRow>(tx,
    `DELETE FROM "WebhookEvent" WHERE "id" IN (SELECT "id" FROM "WebhookEvent" ORDER BY "createdAt" LIMIT ${param(1)}${skipLocked})
     RETURNING "id", "kind", "payload", "createdAt"`, [take]);
  if (events.length === 0) return { taken: 0, queued: 0 };
  const subs = (await selectRows<{ id: string; kinds: string }>(tx, `SELECT "id", "kinds" FROM "Webhook" WHERE "enabled" = ${param(1)} ORDER BY "id"`, [true]))
    .map((s) => ({ id: s.id, kinds: new Set(JSON.parse(s.kinds) as string[]) }));
  // RETURNING gives no order: deliveries are queued in the events' order, as they were written.
  const ordered = events.map((e) => ({ ...e, createdAt: readDate(e.createdAt) }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const rows = ordered.flatMap((e) => subs.filter((s) => s.kinds.has(e.kind)).map((s) => [
    newId("dlv"), s.id, e.id, e.kind, e.payload, "pending", opts.now, new Date(e.createdAt.getTime() + opts.retryForMs), e.createdAt,
  ]));
  await insertRows(tx, "WebhookDelivery", DELIVERY_COLUMNS, rows);
  return { taken: events.length, queued: rows.length };
}
