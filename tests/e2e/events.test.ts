import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { cloudEvent, createTestAgent, validatedData, type TestAgent } from "../factories/agents.ts";
import { postSigned } from "../factories/http.ts";
import { launchChromium, signInAs } from "../support/browser.ts";

let browser: Browser;
let a: TestAgent, b: TestAgent;
const records: string[] = [];


const post = async (agent: TestAgent, events: unknown[]) => expect(await postSigned(agent, events)).toBe(events.length);

// 1,050 events: b reports 1,000 messages from a (every fourth rejected), a writes 50 records.
beforeAll(async () => {
  browser = await launchChromium();
  [a, b] = [await createTestAgent("eve-a"), await createTestAgent("eve-b")];
  await post(b, Array.from({ length: 1_000 }, (_, i) => cloudEvent(b, "message.validated", validatedData(a.id, b.id, { outcome: i % 4 === 0 ? "rejected" : "accepted", anomalyScore: 0 }))));
  await post(a, Array.from({ length: 50 }, () => {
    const recordId = `rec-${randomUUID()}`;
    records.push(recordId);
    return cloudEvent(a, "memory.write", { recordId, partition: a.id, key: "k", valueHash: "b".repeat(64), derivedFrom: [], chain: [a.id] });
  }));
}, 120_000);
afterAll(() => browser?.close());

it("a deep link filters 1,000 events; Older events pages to the end and every row matches", async () => {
  const { page } = await signInAs(browser, "reviewer");
  await page.goto(`${inject("baseUrl")}/events?agent=${b.id}&outcome=rejected&limit=100`);
  const rows = page.getByRole("table", { name: "Events" }).locator("tbody tr");
  const seen = new Set<string>();
  let previousFirst = "";
  for (const expected of [100, 100, 50]) {
    // The next page is in once its first row is not the last page's first row (client navigation keeps the old one a moment).
    await expect.poll(async () => (await rows.count()) === expected && (await rows.first().locator("td").first().textContent()) !== previousFirst).toBe(true);
    previousFirst = (await rows.first().locator("td").first().textContent())!;
    for (const text of await rows.allTextContents()) {
      expect(text).toContain("rejected");
      expect(text).toContain(b.id);
    }
    for (const id of await rows.locator("td:first-child a").allTextContents()) seen.add(id);
    const older = page.getByRole("link", { name: "Older events" });
    if (expected === 50) expect(await older.count()).toBe(0);
    else {
      const cursor = new URLSearchParams((await older.getAttribute("href"))!.split("?")[1]).get("cursor");
      await older.click();
      await expect.poll(() => new URL(page.url()).searchParams.get("cursor")).toBe(cursor);
    }
  }
  expect(seen.size).toBe(250);
  expect(new URL(page.url()).searchParams.get("outcome")).toBe("rejected");
});

it("filters from the form land in the address; a write links to its provenance and to a detail with the signature re-verified", async () => {
  const { page } = await signInAs(browser, "security", { timezoneId: "Asia/Tokyo" });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" }).click();
  await page.waitForURL(/\/events$/);
  const form = page.getByRole("form", { name: "Filter events" });
  await form.getByLabel("Agent").selectOption(a.id);
  await form.getByLabel("Type").selectOption("firebreak.memory.write");
  await expect.poll(() => form.getByText("your time, Asia/Tokyo").count()).toBe(2);
  await form.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/type=firebreak\.memory\.write/);
  expect(new URL(page.url()).searchParams.get("agent")).toBe(a.id);
  const rows = page.getByRole("table", { name: "Events" }).locator("tbody tr");
  await expect.poll(() => rows.count()).toBe(50);
  // Times are in the viewer's zone, named, with a relative form.
  await expect.poll(() => rows.first().locator("time").first().textContent()).toMatch(/GMT\+9 \((just now|\d+ (sec|min) ago)\)/);

  const newest = records[records.length - 1];
  await page.getByRole("link", { name: newest }).click();
  await page.waitForURL(/\/provenance\?id=/);
  await page.getByText(`Produced by`).waitFor();
  expect(await page.locator(".form-error").count()).toBe(0);
  await page.goBack();
  await page.waitForURL(/\/events\?/);
  await rows.first().locator("td:first-child a").click();
  await page.waitForURL(/\/events\/\d+$/);
  await expect.poll(() => page.getByTestId("signature-status").textContent()).toMatch(/^valid/);
  const signature = page.getByRole("definition").filter({ hasText: a.kid });
  expect(await signature.count()).toBe(1);
  expect(await page.getByText("EdDSA").count()).toBe(1);
  expect(await page.getByLabel("Payload").textContent()).toContain(newest);
});

it("a time range typed in the viewer's zone is sent as the same instant; a bad filter is explained, not a crash", async () => {
  const { page } = await signInAs(browser, "reviewer", { timezoneId: "America/New_York" });
  await page.goto(`${inject("baseUrl")}/events?agent=${a.id}`);
  const form = page.getByRole("form", { name: "Filter events" });
  await expect.poll(() => form.getByText("your time, America/New_York").count()).toBe(2);
  await form.getByLabel(/^From/).fill("2026-06-01T08:30");
  await form.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/from=/);
  expect(new URL(page.url()).searchParams.get("from")).toBe("2026-06-01T12:30:00.000Z");
  await expect.poll(() => form.getByLabel(/^From/).inputValue()).toBe("2026-06-01T08:30");

  await page.goto(`${inject("baseUrl")}/events?outcome=maybe`);
  await expect.poll(() => page.locator(".form-error").textContent()).toMatch(/outcome/);
});
