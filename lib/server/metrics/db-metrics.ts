import "server-only";
import { Counter, Gauge, type Registry } from "prom-client";
import { listenerCount } from "../bus.ts";
import { getDb } from "../db/client.ts";
import { config } from "../config/config.ts";

const STATE_VALUE: Record<string, number> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };

/**
 * Metrics read from the database when Prometheus scrapes, so every replica reports the same truth.
 * Per-boundary series are bounded: at most FIREBREAK_METRICS_MAX_BOUNDARIES (default 500), unhealthy first.
 */
export function registerDbMetrics(registry: Registry): void {
  const db = () => getDb();
  const registers = [registry];
  new Gauge({
    name: "firebreak_breaker_state", help: "Breaker state per boundary: 0 CLOSED, 1 HALF_OPEN, 2 OPEN (unhealthy boundaries first, bounded).",
    labelNames: ["sender", "receiver"], registers,
    async collect() {
      const max = config().FIREBREAK_METRICS_MAX_BOUNDARIES;
      const unhealthy = await db().boundary.findMany({ where: { state: { not: "CLOSED" } }, select: { sender: true, receiver: true, state: true }, take: max });
      const closed = unhealthy.length < max
        ? await db().boundary.findMany({ where: { state: "CLOSED" }, select: { sender: true, receiver: true, state: true }, orderBy: { updatedAt: "desc" }, take: max - unhealthy.length })
        : [];
      this.reset();
      for (const b of [...unhealthy, ...closed]) this.set({ sender: b.sender, receiver: b.receiver }, STATE_VALUE[b.state] ?? -1);
    },
  });
  new Gauge({
    name: "firebreak_boundaries", help: "Boundaries by breaker state.", labelNames: ["state"], registers,
    async collect() {
      this.reset();
      for (const s of Object.keys(STATE_VALUE)) this.set({ state: s }, 0);
      for (const g of await db().boundary.groupBy({ by: ["state"], _count: { _all: true } })) this.set({ state: g.state }, g._count._all);
    },
  });
  dbCounter(registry, "firebreak_breaker_trips_total", "Breaker trips (reported or forced open): one per epoch.", [], async () => [[{}, await db().review.count({ where: { kind: { in: ["trip", "force_open"] } } })]]);
  dbCounter(registry, "firebreak_approvals_total", "People's decisions on reviews, by decision.", ["decision"], async () =>
    (await db().approval.groupBy({ by: ["decision"], _count: { _all: true } })).map((g) => [{ decision: g.decision }, g._count._all]));
  dbCounter(registry, "firebreak_incidents_total", "Incidents raised, by type.", ["type"], async () =>
    (await db().incident.groupBy({ by: ["type"], _count: { _all: true } })).map((g) => [{ type: g.type }, g._count._all]));
  new Gauge({
    name: "firebreak_reviews_pending", help: "Reviews waiting for a person.", registers,
    async collect() { this.set(await db().review.count({ where: { status: "pending" } })); },
  });
  new Gauge({
    name: "firebreak_review_oldest_pending_age_seconds", help: "How long the oldest pending review has waited (0 when none).", registers,
    async collect() {
      const oldest = await db().review.findFirst({ where: { status: "pending" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
      this.set(oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0);
    },
  });
  new Gauge({
    name: "firebreak_webhooks", help: "Webhook subscriptions: enabled, failing (enabled, no success since a failure), disabled.", labelNames: ["status"], registers,
    async collect() {
      const [enabled, failing, disabled] = await Promise.all([
        db().webhook.count({ where: { enabled: true } }), db().webhook.count({ where: { enabled: true, failingSince: { not: null } } }), db().webhook.count({ where: { enabled: false } }),
      ]);
      this.set({ status: "enabled" }, enabled);
      this.set({ status: "failing" }, failing);
      this.set({ status: "disabled" }, disabled);
    },
  });
  new Gauge({
    name: "firebreak_webhook_deliveries_pending", help: "Webhook deliveries queued or waiting for a retry.", registers,
    async collect() { this.set(await db().webhookDelivery.count({ where: { status: "pending" } })); },
  });
  new Gauge({ name: "firebreak_stream_clients", help: "Live-update (SSE) clients connected to this replica.", registers, collect() { this.set(listenerCount()); } });
}

type Sample = [Record<string, string>, number];

// A counter whose value is a total kept in the database (rows are never deleted, so it only grows).
function dbCounter(registry: Registry, name: string, help: string, labelNames: string[], read: () => Promise<Sample[]>) {
  new Counter({
    name, help, labelNames, registers: [registry],
    async collect() {
      const samples = await read();
      this.reset();
      for (const [labels, value] of samples) this.inc(labels, value);
    },
  });
}
