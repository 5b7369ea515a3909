import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { fetchDirectives } from "../factories/agent-requests.ts";
import { createTestBoundary, reviewsOf } from "../factories/breaker.ts";
import { launchChromium, signInThroughUi } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

it("a reviewer approves a pending review and sees the boundary go HALF_OPEN, then CLOSED, without reloading", async () => {
  const email = `e2e-rev-${randomUUID().slice(0, 6)}@example.test`;
  await createUser({ email, name: "Rae Reviewer", password: "a long reviewer password", role: "reviewer", actor: "test" });
  const b = await createTestBoundary("e2e");
  await b.report("CLOSED", "OPEN", { at: new Date(Date.now() - 290_000), reason: "failure_threshold" });
  const [review] = await reviewsOf(b.id);

  const page = await browser.newPage();
  await signInThroughUi(page, email, "a long reviewer password");
  await page.goto(`${inject("baseUrl")}/reviews`);
  const card = page.getByTestId(`review-${review.id}`);
  await card.waitFor();
  expect(await card.getByTestId(`state-${b.id}`).textContent()).toBe("OPEN");
  expect(await card.getByTestId("blast-radius").textContent()).toContain(b.receiver.id);
  await expect.poll(() => page.getByTestId("stream-state").textContent()).toBe("live");
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  await card.getByLabel("Comment (required)").fill("root cause fixed upstream");
  await card.getByRole("button", { name: "Approve reset" }).click();
  const row = page.getByTestId(`history-${review.id}`);
  await row.waitFor();
  expect(await row.textContent()).toContain("approved");
  expect(await page.getByTestId(`review-${review.id}`).count()).toBe(0);

  // The agent fetches its signed approval and moves its breaker; the page follows without a reload.
  const approval = (await fetchDirectives(b.receiver)).directives.find((d) => d.type === "approve_half_open")!;
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(approval.notBefore!) - Date.now() + 50)));
  await b.report("OPEN", "HALF_OPEN", { approvalId: approval.approvalId, reason: "approved" });
  await expect.poll(() => row.getByTestId(`state-${b.id}`).textContent(), { timeout: 5_000 }).toBe("HALF_OPEN");
  await b.report("HALF_OPEN", "CLOSED", { reason: "probes_passed" });
  await expect.poll(() => row.getByTestId(`state-${b.id}`).textContent(), { timeout: 5_000 }).toBe("CLOSED");
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

it("when the live stream is unavailable the review queue falls back to polling and still shows a new trip", async () => {
  const email = `e2e-poll-${randomUUID().slice(0, 6)}@example.test`;
  await createUser({ email, name: "Pat Poller", password: "a long reviewer password", role: "reviewer", actor: "test" });
  const page = await browser.newPage();
  await page.route("**/api/v1/stream", (route) => route.abort());
  await signInThroughUi(page, email, "a long reviewer password");
  await page.goto(`${inject("baseUrl")}/reviews`);
  expect(await page.getByTestId("stream-state").textContent()).toBe("polling");
  const b = await createTestBoundary("e2e-poll");
  await b.report("CLOSED", "OPEN");
  const [review] = await reviewsOf(b.id);
  await page.getByTestId(`review-${review.id}`).waitFor({ timeout: 10_000 });
});
