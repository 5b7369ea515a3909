// Graph benchmarks (DESIGN §11): first draw of 1,000 agents / 3,000 boundaries in headless Chromium (target ≤ 2 s)
// and trip → visible latency for breaker.transition events posted while the page is open (target p95 ≤ 1 s).
// Run: npx tsx tests/bench/graph.bench.ts [--agents N] [--boundaries N] [--draws N] [--trips N]
// Builds the app if needed, seeds a throw-away SQLite database, serves the production build on 127.0.0.1.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { parseArgs } from "node:util";
import { createUser } from "../../lib/server/users/create-user.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { cloudEvent, signAs } from "../factories/agents.ts";
import { launchChromium } from "../support/browser.ts";
import { buildIfNeeded } from "../support/build.ts";
import { enableGraphProbe, openGraph } from "../support/graph-page.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { deadline, percentile, signInAt, summary, throwAwayDatabase } from "./bench-support.ts";
import { seedGraph } from "./seed-graph.ts";

const { values: args } = parseArgs({ options: { agents: { type: "string", default: "1000" }, boundaries: { type: "string", default: "3000" }, draws: { type: "string", default: "5" }, trips: { type: "string", default: "40" } } });
const [agents, boundaries, draws, trips] = [args.agents, args.boundaries, args.draws, args.trips].map(Number);

buildIfNeeded();
const db = await throwAwayDatabase();
process.env.DATABASE_URL = db.url;
let server: RunningServer | undefined;
let browser: Browser | undefined;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  await closeDb();
  db.remove();
};
deadline(10 * 60_000, cleanup);

try {
  const seeded = await seedGraph({ agents, boundaries });
  const password = `pw-${randomUUID()}`;
  await createUser({ email: "bench@example.test", password, role: "security", actor: "bench" });
  server = await startServer({ DATABASE_URL: db.url, NEXTAUTH_SECRET: randomUUID() + randomUUID(), FIREBREAK_RATE_REQUESTS_PER_S: "100000", FIREBREAK_RATE_REQUESTS_BURST: "100000" });
  console.log(`graph: ${seeded.agents} agents, ${seeded.boundaries} boundaries (SQLite, production build on ${server.url})`);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await enableGraphProbe(page);
  await signInAt(page, server.url, "bench@example.test", password);

  // GET /api/v1/graph through the signed-in browser: the server's share of every refresh.
  const api: number[] = [];
  for (let i = 0; i < 10; i++) api.push(await page.evaluate(async () => { const t = performance.now(); await (await fetch("/api/v1/graph")).json(); return performance.now() - t; }));
  console.log(`GET /api/v1/graph: ${summary(api)}`);

  // First draw: navigation start → the first frame with every element laid out and drawn.
  const drawn: number[] = [];
  for (let i = 0; i < draws; i++) {
    await openGraph(page, server.url);
    drawn.push(Number(await page.getByTestId("graph-canvas").getAttribute("data-drawn-ms")));
    const marks = await page.evaluate(() => performance.getEntriesByType("mark").filter((m) => m.name.startsWith("firebreak:")).map((m) => `${m.name.slice(10)} ${Math.round(m.startTime)}`));
    console.log(`  draw ${i + 1}: ${marks.join(" → ")} ms`);
  }
  const counts = await page.evaluate(() => window.__firebreakGraph!.counts());
  console.log(`first draw (${counts.nodes} nodes, ${counts.edges} edges): ${summary(drawn)}; target ≤ 2000 ms → ${percentile(drawn, 50) <= 2000 ? "met" : "MISSED"}`);
  if (process.env.GRAPH_SCREENSHOT) {
    await page.screenshot({ path: process.env.GRAPH_SCREENSHOT });
    await page.getByTestId("unhealthy-list").getByRole("button").first().click();
    for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Zoom in" }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: process.env.GRAPH_SCREENSHOT.replace(/\.png$/, "-detail.png") });
  }

  // Trip → visible: post a signed CLOSED → OPEN from the receiver, wait for the row in the unhealthy list.
  const mode = await page.getByTestId("live-status").textContent();
  const latency: number[] = [];
  for (const t of seeded.trippable.slice(0, trips)) {
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 500)); // trips land at any point of a poll cycle
    const event = cloudEvent(t.receiver, "breaker.transition", { sender: t.sender, receiver: t.receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "bench", failureCount: 3, anomalyRate: 0.3 });
    const jws = await signAs(t.receiver, event);
    const seen = page.waitForFunction((id) => document.querySelector(`[data-testid="unhealthy-list"] li[data-boundary-id="${id}"][data-state="OPEN"]`) && Date.now(), t.id, { polling: "raf", timeout: 15_000 });
    const sent = Date.now();
    const res = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [jws] }) });
    if (res.status !== 207 || (await res.json()).accepted !== 1) throw new Error(`trip of ${t.id} was not accepted`);
    latency.push(Number(await (await seen).jsonValue()) - sent);
  }
  console.log(`trip → visible (${mode?.trim()}): ${summary(latency)}; target p95 ≤ 1000 ms → ${percentile(latency, 95) <= 1000 ? "met" : "MISSED"}`);
} finally {
  await cleanup();
}
