import type { Page } from "playwright-core";
import { cloudEvent, signAs } from "../factories/agents.ts";
import { emitStreamEvent } from "../support/graph-page.ts";
import type { SeededGraph } from "./seed-graph.ts";

/**
 * Trip → visible, per trip: post a signed CLOSED → OPEN from the receiver, then time until its row shows OPEN
 * in the unhealthy list. With `emit`, the page's fake stream is told right after the 207, as the real stream would be.
 */
export async function measureTrips(page: Page, baseUrl: string, targets: SeededGraph["trippable"], opts: { emit: boolean }): Promise<number[]> {
  const latency: number[] = [];
  for (const t of targets) {
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 500)); // trips land at any point of a poll cycle
    const event = cloudEvent(t.receiver, "breaker.transition", { sender: t.sender, receiver: t.receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "bench", failureCount: 3, anomalyRate: 0.3 });
    const jws = await signAs(t.receiver, event);
    const selector = `[data-testid="unhealthy-list"] li[data-boundary-id="${t.id}"][data-state="OPEN"]`;
    const seen = page.waitForFunction((s) => document.querySelector(s) && Date.now(), selector, { polling: "raf", timeout: 15_000 });
    seen.catch(() => {}); // awaited below; a failed post must not leave it unhandled
    const sent = Date.now();
    const res = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [jws] }) });
    const body = await res.text();
    if (res.status !== 207 || JSON.parse(body).accepted !== 1) throw new Error(`the trip of ${t.id} was not accepted: ${res.status} ${body}`);
    if (opts.emit) await emitStreamEvent(page, "boundary.updated", { type: "boundary.updated", boundaryId: t.id });
    latency.push(Number(await (await seen).jsonValue()) - sent);
  }
  return latency;
}
