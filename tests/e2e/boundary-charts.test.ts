import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createTestBoundary, reviewsOf, type TestBoundary } from "../factories/breaker.ts";
import { launchChromium, signInAs } from "../support/browser.ts";
import { openGraph } from "../support/graph-page.ts";

let browser: Browser;
let page: Page;
let b: TestBoundary;

beforeAll(async () => {
  browser = await launchChromium();
  b = await createTestBoundary("e2e-chart");
  await b.validate(["accepted", "accepted", "accepted", "accepted"]);
  ({ page } = await signInAs(browser, "security"));
});
afterAll(() => browser?.close());

const marks = () => page.getByTestId("series-marks");

it("the boundary page charts a real trip as it happens: the trip is marked and listed, without a reload", async () => {
  await page.goto(`${inject("baseUrl")}/boundaries/${b.id}`);
  const charts = page.getByTestId("boundary-charts");
  await charts.waitFor();
  expect(await charts.getAttribute("data-range")).toBe("1h");
  for (const metric of ["perSecond", "failureRate", "anomalyRate"]) {
    await page.locator(`[data-testid="chart-${metric}"] svg`).first().waitFor(); // drawn by ECharts
  }
  expect(await page.getByTestId("series-marks-empty").count()).toBe(1);
  expect(await page.getByRole("button", { name: "Force open…" }).count()).toBe(1); // force-open lives here too
  await expect.poll(() => page.getByTestId("stream-state").textContent()).toBe("live");

  // The sender goes bad: three rejected messages, and the receiver's breaker trips and says so (signed events).
  await b.validate(["rejected", "rejected", "rejected"], { anomalyScores: [0.9, 0.9, 0.9] });
  await b.report("CLOSED", "OPEN", { reason: "failure_threshold", failureCount: 3 });
  await expect.poll(() => page.getByTestId("boundary-state").textContent(), { timeout: 10_000 }).toBe("OPEN");
  const trip = marks().getByTestId("mark-trip");
  await trip.waitFor({ timeout: 10_000 });
  expect(await trip.textContent()).toContain("CLOSED → OPEN (failure_threshold)");
  expect(await page.getByRole("button", { name: "Force open…" }).count()).toBe(0);
  await expect.poll(() => charts.textContent()).toContain("7 messages, 3 rejected");
  // ECharts drew the mark as a line on the messages chart, labelled "trip".
  expect(await page.locator('[data-testid="chart-perSecond"] svg text').filter({ hasText: /^trip$/ }).count()).toBeGreaterThan(0);
  if (process.env.CHARTS_SCREENSHOT) await page.screenshot({ path: process.env.CHARTS_SCREENSHOT, fullPage: true });
});

it("the range switch changes the charts and the URL, and a shared URL opens the same range", async () => {
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "24 h" }).click();
  await expect.poll(() => page.getByTestId("boundary-charts").getAttribute("data-range")).toBe("24h");
  expect(new URL(page.url()).searchParams.get("range")).toBe("24h");
  expect(await marks().getByTestId("mark-trip").count()).toBe(1);
  await page.goto(`${inject("baseUrl")}/boundaries/${b.id}?range=15m`);
  expect(await page.getByTestId("boundary-charts").getAttribute("data-range")).toBe("15m");
  expect(await page.getByRole("link", { name: "15 min" }).getAttribute("aria-current")).toBe("page");
});

it("the graph's boundary panel and the review card show the last hour's sparkline", async () => {
  await openGraph(page, inject("baseUrl"));
  await page.getByTestId("unhealthy-list").locator(`li[data-boundary-id="${b.id}"] button`).click();
  const spark = page.getByTestId("side-panel").getByTestId("sparkline");
  await spark.waitFor();
  expect(await spark.textContent()).toContain("last hour: 7 messages, 3 rejected, 1 trip");
  expect(await spark.locator("svg").count()).toBe(1);

  const [review] = await reviewsOf(b.id);
  await page.goto(`${inject("baseUrl")}/reviews`);
  const card = page.getByTestId(`review-${review.id}`).getByTestId("sparkline");
  await card.waitFor();
  expect(await card.textContent()).toContain("7 messages, 3 rejected, 1 trip");
  if (process.env.CHARTS_SCREENSHOT) await page.screenshot({ path: process.env.CHARTS_SCREENSHOT.replace(/\.png$/, "-review.png") });
});
