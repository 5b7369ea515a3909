import "server-only";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { registerDbMetrics } from "./db-metrics.ts";

type Metrics = { registry: Registry; deliveries: Counter; ingestEvents: Counter; ingestSeconds: Histogram };

// One registry per process, shared by every bundle of the app that imports this module (instrumentation,
// route handlers): the holder lives on globalThis.
const holder = (globalThis as Record<string, unknown>) as { __firebreakMetrics?: Metrics };

/** The process's metrics registry and the counters code increments as things happen. */
export function appMetrics(): Metrics {
  if (holder.__firebreakMetrics) return holder.__firebreakMetrics;
  const registry = new Registry();
  holder.__firebreakMetrics = {
    registry,
    deliveries: new Counter({ name: "firebreak_webhook_deliveries_total", help: "Webhook delivery attempts by outcome (delivered, retry, failed).", labelNames: ["outcome"], registers: [registry] }),
    ingestEvents: new Counter({ name: "firebreak_ingest_events_total", help: "Ingested events by result (accepted, duplicate, or the error code).", labelNames: ["result"], registers: [registry] }),
    ingestSeconds: new Histogram({
      name: "firebreak_ingest_batch_seconds", help: "Time to verify and store one batch of events.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
  };
  collectDefaultMetrics({ register: registry, prefix: "firebreak_process_" });
  registerDbMetrics(registry);
  return holder.__firebreakMetrics;
}

/** Counts one webhook delivery attempt. */
export function countWebhookDelivery(outcome: "delivered" | "retry" | "failed"): void {
  appMetrics().deliveries.inc({ outcome });
}

/** Counts one ingested batch: its events by result, and how long it took. */
export function countIngest(results: { status: string; error?: { code: string } }[], seconds: number): void {
  const m = appMetrics();
  for (const r of results) m.ingestEvents.inc({ result: r.error?.code ?? r.status });
  m.ingestSeconds.observe(seconds);
}
