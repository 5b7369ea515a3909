// Graph benchmarks (docs/benchmarks.md#graph): first draw of 1,000 agents / 3,000 boundaries in headless Chromium (target ≤ 2 s)
// and trip → visible latency for breaker.transition events posted while the page is open (target p95 ≤ 1 s).
// Run: npx tsx --conditions=react-server tests/bench/graph.bench.ts [--agents N] [--boundaries N] [--draws N] [--trips N]
// Builds the app if needed, seeds a throw-away SQLite database, serves the production build on 127.0.0.1.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { parseArgs } from "node:util";
import { createUser } from "../../lib/server/users/create-user.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { launchChromium } from "../support/browser.ts";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { enableGraphProbe, fakeEventSource, openGraph } from "../support/graph-page.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { deadline, percentile, signInAt, summary, throwAwayDatabase } from "./bench-support.ts";
import { seedGraph } from "./seed-graph.ts";
import { measureTrips } from "./trip-latency.ts";
import { setEnv } from "../support/env.ts";

const { values: args } = parseArgs({ options: { agents: { type: "string", default: "1000" }, boundaries: { type: "string", default: "3000" }, draws: { type: "string", default: "5" }, trips: { type: "string", default: "60" } } });
const [agents, boundaries, draws, trips] = [args.agents, args.boundaries, args.draws, args.trips].map(Number);

buildIfNeeded();
const db = await throwAwayDatabase();
setEnv({ DATABASE_URL: db.url });
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
  const patch: number[] = [];
  for (const t of seeded.trippable.slice(-10)) patch.push(await page.evaluate(async (id) => { const t0 = performance.now(); await (await fetch(`/api/v1/graph?boundary=${id}`)).json(); return performance.now() - t0; }, t.id));
  console.log(`GET /api/v1/graph?boundary=ID (a live patch): ${summary(patch)}`);

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

  // Trip → visible, twice: the page as served (polling every 2 s until GET /api/v1/stream exists, then the real
  // stream), and with stream events delivered to the page by a fake EventSource told right after each 207.
  const half = Math.floor(Math.min(trips, seeded.trippable.length) / 2);
  const polled = await measureTrips(page, server.url, seeded.trippable.slice(0, half), { emit: false });
  console.log(`trip → visible, page as served (${(await page.getByTestId("live-status").textContent())?.trim()}): ${summary(polled)}`);
  const streamPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await fakeEventSource(streamPage);
  await signInAt(streamPage, server.url, "bench@example.test", password);
  await openGraph(streamPage, server.url);
  const streamed = await measureTrips(streamPage, server.url, seeded.trippable.slice(half, 2 * half), { emit: true });
  console.log(`trip → visible, stream events (${(await streamPage.getByTestId("live-status").textContent())?.trim()}): ${summary(streamed)}; target p95 ≤ 1000 ms → ${percentile(streamed, 95) <= 1000 ? "met" : "MISSED"}`);
} finally {
  await cleanup();
}
