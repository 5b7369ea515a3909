import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TWebhookKind } from "../../lib/domain/webhooks.ts";
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import { emitWebhookEvent, emitWebhookEvents } from "../../lib/server/webhooks/emit-webhook-event.ts";
import { fanOutEvents } from "../../lib/server/webhooks/fan-out-events.ts";
import { setEnv } from "../support/env.ts";
import { freshTestDatabase } from "../support/test-db.ts";

// A database of its own: no server's webhook worker takes the outbox's events behind the test's back.
let restore = () => {};
beforeAll(async () => {
  const url = await freshTestDatabase("webhook-fan-out");
  await closeDb();
  restore = setEnv({ DATABASE_URL: url });
});
afterAll(async () => {
  await closeDb();
  restore();
});

const db = () => getDb();
const RETRY_FOR_MS = 86_400_000;

async function subscription(id: string, kinds: TWebhookKind[], enabled = true): Promise<void> {
  await db().webhook.create({
    data: { id, url: `https://hooks.example.com/${id}`, kinds: JSON.stringify(kinds), format: "standard", secret: "whsec_test", enabled, createdBy: "test" },
  });
}

/** `n` outbox events cycling through three kinds, written as a batch of trips writes them (several per instant). */
async function emit(n: number, at: Date): Promise<Map<string, TWebhookKind>> {
  const kinds: TWebhookKind[] = ["boundary.tripped", "review.opened", "incident.opened"];
  const events = Array.from({ length: n }, (_, i) => ({ kind: kinds[i % 3], data: { i }, at: new Date(at.getTime() + Math.floor(i / 4)) }));
  await transaction((tx) => emitWebhookEvents(tx, events), { path: "driver" });
  const rows = await db().webhookEvent.findMany({ select: { id: true, kind: true } });
  return new Map(rows.map((r) => [r.id, r.kind as TWebhookKind]));
}

describe("webhook fan-out: outbox events become deliveries in passes of one DELETE … RETURNING", () => {
  it("three fan-outs at once (as three replicas) queue every event once per subscription asking for its kind, and none for a disabled one", async () => {
    await subscription("whk_trips", ["boundary.tripped", "review.opened"]);
    await subscription("whk_reviews", ["review.opened"]);
    await subscription("whk_off", ["boundary.tripped", "review.opened", "incident.opened"], false);
    const at = new Date("2026-12-01T10:00:00.123Z");
    const events = await emit(250, at);
    expect(events.size).toBe(250);
    const now = new Date("2026-12-02T09:00:00.000Z");

    // Small passes, so the three interleave over many transactions.
    const queued = await Promise.all([0, 1, 2].map(() => fanOutEvents({ now, retryForMs: RETRY_FOR_MS, take: 40 })));

    expect(await db().webhookEvent.count()).toBe(0);
    const deliveries = await db().webhookDelivery.findMany();
    const count = (kind: TWebhookKind) => [...events.values()].filter((k) => k === kind).length;
    const expected = { whk_trips: count("boundary.tripped") + count("review.opened"), whk_reviews: count("review.opened"), whk_off: 0 };
    expect(deliveries).toHaveLength(expected.whk_trips + expected.whk_reviews);
    expect(queued.reduce((a, b) => a + b, 0)).toBe(deliveries.length);
    for (const [hook, n] of Object.entries(expected)) expect(deliveries.filter((d) => d.webhookId === hook)).toHaveLength(n);
    // Each event once per subscription (the unique key would have failed a second insert), none lost.
    const pairs = new Set(deliveries.map((d) => `${d.webhookId}|${d.eventId}`));
    expect(pairs.size).toBe(deliveries.length);
    for (const [id, kind] of events) {
      const wanted = ["whk_trips", "whk_reviews"].filter((h) => (kind === "boundary.tripped" ? h === "whk_trips" : kind === "review.opened"));
      expect(deliveries.filter((d) => d.eventId === id).map((d) => d.webhookId).sort()).toEqual(wanted.sort());
    }
    // A delivery carries its event's kind, payload and time; due now, retried for a day after the event.
    for (const d of deliveries) {
      expect(d.kind).toBe(events.get(d.eventId));
      expect(d).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: now });
      expect(d.retryUntil.getTime() - d.createdAt.getTime()).toBe(RETRY_FOR_MS);
      expect(d.createdAt.getTime() - at.getTime()).toBe(Math.floor(JSON.parse(d.payload).i / 4));
    }
  });

  it("an event written with the Prisma client and one whose time came from the column's default both fan out, at their own time", async () => {
    await db().webhookDelivery.deleteMany();
    const at = new Date("2026-12-01T11:00:00.456Z");
    await transaction((tx) => emitWebhookEvent(tx, "review.opened", { reviewId: "rev_one" }));
    await db().webhookEvent.updateMany({ data: { createdAt: at } });
    const before = Date.now();
    await db().$executeRawUnsafe(`INSERT INTO "WebhookEvent" ("id", "kind", "payload") VALUES ('msg_default', 'review.opened', '{}')`);
    expect(await fanOutEvents({ now: new Date(), retryForMs: RETRY_FOR_MS })).toBe(4); // two events × two subscriptions
    const after = Date.now();
    const deliveries = await db().webhookDelivery.findMany({ where: { webhookId: "whk_reviews" }, orderBy: { createdAt: "asc" } });
    expect(deliveries[0].createdAt).toEqual(at);
    expect(deliveries[1].eventId).toBe("msg_default");
    // Read as UTC (SQLite's CURRENT_TIMESTAMP text has no zone, and whole seconds): not after the fan-out.
    expect(deliveries[1].createdAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(deliveries[1].createdAt.getTime()).toBeLessThanOrEqual(after);
    expect(await db().webhookEvent.count()).toBe(0);
  });

  it("an empty outbox queues nothing", async () => {
    expect(await fanOutEvents({ now: new Date(), retryForMs: RETRY_FOR_MS })).toBe(0);
  });
});
