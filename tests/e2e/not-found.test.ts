import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { launchChromium, signInAs } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

it("an unknown address is a 404 inside the app's frame, with the nav, a way back and no CSP errors", async () => {
  const { page } = await signInAs(browser, "reviewer");
  const problems: string[] = [];
  // The document's own 404 is logged too; anything else (a refused script, a failed chunk) is a problem.
  page.on("console", (m) => { if (m.type() === "error" && !/status of 404/.test(m.text())) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  const response = await page.goto(`${inject("baseUrl")}/no-such-page`);
  expect(response?.status()).toBe(404);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviews" }).count()).toBe(1);
  expect(await page.getByTestId("current-role").textContent()).toBe("reviewer");
  await page.getByRole("link", { name: "Back to the graph" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  expect(problems).toEqual([]);
});

it("an unknown boundary is the same 404 page, not a bare one", async () => {
  const { page } = await signInAs(browser, "security");
  const response = await page.goto(`${inject("baseUrl")}/boundaries/bnd_nosuchboundary`);
  expect(response?.status()).toBe(404);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(1);
});

it("the favicon is served to anyone, signed in or not, and pages link an icon", async () => {
  const base = inject("baseUrl");
  const ico = await fetch(`${base}/favicon.ico`, { redirect: "manual" });
  expect(ico.status).toBe(200);
  expect(ico.headers.get("content-type")).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const page = await browser.newPage();
  await page.goto(`${base}/signin`);
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  const svg = await fetch(new URL(href!, base), { redirect: "manual" });
  expect(svg.status).toBe(200);
  expect(await svg.text()).toContain("<svg");
  await page.close();
});

it("a skip link is the first thing the keyboard reaches and moves focus to the content", async () => {
  const { page } = await signInAs(browser, "admin");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("content");
});
