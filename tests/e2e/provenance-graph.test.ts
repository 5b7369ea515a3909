import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { traceProvenance } from "../../lib/server/provenance/trace-provenance.ts";
import { launchChromium, signInAs } from "../support/browser.ts";
import { clickElement, enableGraphProbe, openGraph, probe } from "../support/graph-page.ts";
import { appUrl } from "../support/base-url.ts";
import { startOwnServer, type OwnServer } from "../support/own-server.ts";
import { startSupplyChain, type Simulation } from "../support/simulation.ts";

const A = "price-monitor";
const B = "purchase-recommender";
let browser: Browser;
let sim: Simulation;
// Its own server and database: the simulation's agents restart their breakers at seq 1, which a database that
// another suite's run of the same simulation left behind would refuse as stale.
let app: OwnServer;
let page: Page;
// A purchase order from the simulation, the acme-metals feed record it came from, and its message to the reconciler.
let po: string, feedRecord: string, toD: string;

beforeAll(async () => {
  app = await startOwnServer("provenance-graph-e2e", {});
  browser = await launchChromium();
  sim = startSupplyChain({ paceMs: 100, approvalTimeoutS: 120, url: app.url(), databaseUrl: app.databaseUrl });
  // Healthy rounds write purchase orders; the poisoned feed then trips A → B and a review waits for a person.
  for (const end = Date.now() + 120_000; (await getDb().review.count({ where: { boundaryId: boundaryId(A, B), status: "pending" } })) === 0;) {
    if (Date.now() > end || sim.process.exitCode !== null) throw new Error(`no review after the simulation:\n${sim.narrative()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  sim.stop();
  po = (await getDb().memoryRecord.findFirstOrThrow({ where: { writer: "order-executor" }, orderBy: { time: "asc" } })).recordId;
  const up = await traceProvenance({ id: po, up: 20, down: 2 });
  feedRecord = up.upstream.find((n) => n.detail.includes("feed/acme-metals"))!.id;
  toD = up.downstream.find((n) => n.kind === "message")!.id;
  page = (await signInAs(browser, "security", { viewport: { width: 1440, height: 900 } })).page;
  await enableGraphProbe(page);
}, 150_000);

afterAll(async () => {
  if (process.env.DEBUG_DEMO) console.log(sim?.narrative());
  sim?.stop();
  await browser?.close();
  await app?.stop();
});

async function openLineage(p: Page, url: string) {
  await p.goto(`${appUrl()}${url}`);
  await p.locator('[data-testid="lineage-canvas"][data-ready="true"]').waitFor({ timeout: 30_000 });
}

// Nodes near the top of the canvas are in view at the top of the page: click those on the graph itself.
async function clickLineage(p: Page, id: string) {
  await p.evaluate(() => window.scrollTo(0, 0));
  await clickElement(p, id, "lineage-canvas");
}

describe("provenance graph of a simulated purchase order", () => {
  it("reaches the poisoned supplier's feed record, with its author, partition, value hash and a signature that re-verifies", async () => {
    await openLineage(page, `/provenance?id=${encodeURIComponent(po)}&depth=1`);
    expect(await probe(page, "node", po)).toMatchObject({ visible: true, classes: expect.arrayContaining(["root"]) });
    const feed = await probe(page, "node", feedRecord);
    expect(feed).toMatchObject({ visible: true, classes: expect.arrayContaining(["origin", "kind-record"]) });
    expect(feed!.label).toContain(A);

    await clickLineage(page, feedRecord);
    const panel = page.getByTestId("node-panel");
    await expect.poll(() => panel.getByRole("heading", { level: 2 }).textContent()).toBe(feedRecord);
    expect(new URL(page.url()).searchParams.get("sel")).toBe(feedRecord);
    expect(await panel.getByTestId("node-author").textContent()).toBe(A);
    expect(await panel.getByTestId("node-hash").textContent()).toMatch(/^[0-9a-f]{64}$/);
    await panel.getByRole("button", { name: "Re-verify signature" }).click();
    await expect.poll(() => panel.getByTestId("signature-status").textContent()).toBe("valid");
  });

  it("expands one hop from the order's message to the reconciler, and the URL keeps the expansion and selection", async () => {
    const before = await probe(page, "counts");
    // The keyboard's way: the table row's Select button (the message sits low on the graph, below the fold).
    await page.getByRole("button", { name: `Select ${toD} on the graph` }).click();
    const panel = page.getByTestId("node-panel");
    await expect.poll(() => panel.getByRole("heading", { level: 2 }).textContent()).toBe(toD);
    await panel.getByRole("button", { name: /^Expand one hop/ }).click();
    await expect.poll(async () => (await probe(page, "counts")).nodes).toBeGreaterThan(before.nodes);
    const delivery = await getDb().memoryRecord.findFirstOrThrow({ where: { writer: "delivery-reconciler", recordId: { in: (await getDb().provenanceEdge.findMany({ where: { parentId: toD } })).map((e) => e.childId) } } });
    expect(await probe(page, "node", delivery.recordId)).toMatchObject({ visible: true });
    expect(new URL(page.url()).searchParams.getAll("expand")).toEqual([toD]);
    expect(await page.getByRole("table", { name: "Expanded" }).getByRole("link", { name: delivery.recordId }).count()).toBe(1);

    // The shared URL reopens the same view: the expanded node drawn, the same node selected.
    const other = await (await page.context()).newPage();
    await enableGraphProbe(other);
    await openLineage(other, new URL(page.url()).pathname + new URL(page.url()).search);
    expect(await probe(other, "node", delivery.recordId)).toMatchObject({ visible: true });
    expect(await other.getByTestId("node-panel").getByRole("heading", { level: 2 }).textContent()).toBe(toD);
    await other.close();
  });

  it("tainting the feed record highlights the order and everything else it reached, and offers the CSV download", async () => {
    await clickLineage(page, feedRecord);
    const panel = page.getByTestId("node-panel");
    await expect.poll(() => panel.getByRole("heading", { level: 2 }).textContent()).toBe(feedRecord);
    await panel.getByRole("button", { name: "Mark as tainted" }).click();
    await expect.poll(async () => (await probe(page, "node", po))?.classes).toContain("tainted");
    expect((await probe(page, "node", feedRecord))!.classes).toContain("tainted");
    expect((await probe(page, "node", toD))!.classes).toContain("tainted");
    const report = page.getByTestId("taint-report");
    expect(await report.getByRole("link", { name: po }).count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent("download"), report.getByRole("link", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`taint-${feedRecord}.csv`);
    // The graph, its open panel, the taint report and the tables: nothing axe rates serious or critical.
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
  });
});

describe("links into provenance and deep links", () => {
  it("review evidence ids are links that open the lineage graph", async () => {
    await page.goto(`${appUrl()}/reviews`);
    const link = page.locator(".review-card .evidence a[href^='/provenance?id=']").first();
    await link.waitFor({ timeout: 15_000 });
    const id = await link.textContent();
    await link.click();
    await page.locator('[data-testid="lineage-canvas"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get("id")).toBe(id);

    // A reviewer may not explore provenance: the same ids are shown as text, not links to a Forbidden page.
    const reviewer = (await signInAs(browser, "reviewer")).page;
    await reviewer.goto(`${appUrl()}/reviews`);
    await reviewer.locator(".review-card .evidence").getByText(id!, { exact: true }).first().waitFor({ timeout: 15_000 });
    expect(await reviewer.locator(".review-card .evidence a[href^='/provenance']").count()).toBe(0);
    await reviewer.context().close();
  });

  it("the live graph's selected agent and filter are in the URL, and that URL reopens the same view", async () => {
    await openGraph(page, appUrl());
    await clickElement(page, boundaryId(A, B));
    await expect.poll(() => new URL(page.url()).searchParams.get("boundary")).toBe(boundaryId(A, B));
    await page.getByLabel("Only unhealthy").check();
    await expect.poll(() => new URL(page.url()).searchParams.get("unhealthy")).toBe("1");
    const shared = page.url();

    const other = await page.context().newPage();
    await enableGraphProbe(other);
    await other.goto(shared);
    await other.locator('[data-testid="graph-canvas"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => other.getByTestId("side-panel").getByRole("heading", { level: 2 }).textContent()).toBe(`${A} → ${B}`);
    expect(await other.getByLabel("Only unhealthy").isChecked()).toBe(true);
    expect(await probe(other, "edge", boundaryId(A, B))).toMatchObject({ visible: true });
    await other.close();
  });
});
