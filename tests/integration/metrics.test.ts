import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBoundary } from "../factories/breaker.ts";
import { appUrl } from "../support/base-url.ts";
import { startOwnServer, type OwnServer } from "../support/own-server.ts";
import { parsePromText } from "../support/prom-text.ts";

const TOKEN = "metrics-token-for-tests";
let app: OwnServer;
let offStatus: number;

beforeAll(async () => {
  offStatus = (await fetch(`${appUrl()}/metrics`, { redirect: "manual" })).status; // the shared server: metrics off
  app = await startOwnServer("metrics", { FIREBREAK_METRICS: "1", FIREBREAK_METRICS_TOKEN: TOKEN });
}, 120_000);
afterAll(() => app?.stop());

async function scrape() {
  const res = await fetch(`${app.url()}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return parsePromText(await res.text());
}
const breakerState = (m: Awaited<ReturnType<typeof scrape>>, sender: string, receiver: string) =>
  m.get("firebreak_breaker_state")?.samples.find((s) => s.labels.sender === sender && s.labels.receiver === receiver)?.value;

describe("metrics: GET /metrics for Prometheus", () => {
  it("is off by default (404) and needs the bearer token when one is set (401)", async () => {
    expect(offStatus).toBe(404);
    expect((await fetch(`${app.url()}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url()}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  });

  it("parses as Prometheus text, and the breaker gauge follows a real trip", async () => {
    const b = await createTestBoundary("met");
    await b.validate(["accepted"]);
    const before = await scrape();
    expect(breakerState(before, b.sender.id, b.receiver.id)).toBe(0);
    const trips = before.get("firebreak_breaker_trips_total")!.samples[0].value;
    await b.report("CLOSED", "OPEN");
    const after = await scrape();
    expect(breakerState(after, b.sender.id, b.receiver.id)).toBe(2);
    expect(after.get("firebreak_breaker_trips_total")!.samples[0].value).toBe(trips + 1);
    expect(after.get("firebreak_reviews_pending")!.samples[0].value).toBeGreaterThanOrEqual(1);
    expect(after.get("firebreak_boundaries")!.samples.find((s) => s.labels.state === "OPEN")!.value).toBeGreaterThanOrEqual(1);
    expect(after.get("firebreak_ingest_events_total")!.samples.find((s) => s.labels.result === "accepted")!.value).toBeGreaterThanOrEqual(2);
    expect(after.get("firebreak_ingest_batch_seconds")!.type).toBe("histogram");
    for (const name of ["firebreak_incidents_total", "firebreak_approvals_total", "firebreak_webhook_deliveries_pending", "firebreak_stream_clients", "firebreak_review_oldest_pending_age_seconds"]) {
      expect(after.has(name), name).toBe(true);
    }
  });
});
