import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { DEFAULT_POLICY } from "../../lib/domain/policy.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import { launchChromium, signInAs } from "../support/browser.ts";
import { startSupplyChain, type Simulation } from "../support/simulation.ts";

const ADMIN = { id: "test-admin", role: "admin", email: "policy-admin@example.test" };
const BOUNDARY = boundaryId("price-monitor", "purchase-recommender");
let browser: Browser;
let sim: Simulation;
// Another suite may have run the same simulation on this database before: only reviews from this run count.
let startedAt: Date;

beforeAll(async () => {
  // The demo's flow with a 1 s cooldown, so the test need not wait out the default five minutes.
  const quick = structuredClone(DEFAULT_POLICY);
  quick.breaker.reset_timeout_s = 1;
  quick.fan_out.cooldown_after_trip_s = 1;
  await updatePolicy({ document: quick, user: ADMIN });
  browser = await launchChromium();
  startedAt = new Date();
  sim = startSupplyChain({ paceMs: 100, approvalTimeoutS: 90 });
});

afterAll(async () => {
  if (process.env.DEBUG_DEMO) console.log(sim?.narrative());
  sim?.stop();
  await browser?.close();
  await updatePolicy({ document: structuredClone(DEFAULT_POLICY), user: ADMIN });
});

async function pendingReview(exceptId?: string): Promise<string> {
  let id: string | undefined;
  await expect.poll(async () => {
    const r = await getDb().review.findFirst({ where: { boundaryId: BOUNDARY, status: "pending", createdAt: { gte: startedAt }, NOT: exceptId ? { id: exceptId } : undefined } });
    id = r?.id;
    return id;
  }, { timeout: 60_000, interval: 250 }).toBeTruthy();
  return id!;
}

async function approve(page: Page, reviewId: string, comment: string) {
  const card = page.getByTestId(`review-${reviewId}`);
  await card.waitFor({ timeout: 15_000 });
  await card.getByLabel("Comment (required)").fill(comment);
  await card.getByRole("button", { name: "Approve reset" }).click();
  await page.getByTestId(`history-${reviewId}`).waitFor();
}

it("demo: the poisoned feed trips A → B, a reviewer approves, B re-trips on the still-poisoned feed, and after the fix it closes", async () => {
  const { page } = await signInAs(browser, "reviewer");
  await page.goto(`${inject("baseUrl")}/reviews`);

  const first = await pendingReview();
  expect(sim.narrative()).toMatch(/refused \(fan_out\)/);
  await approve(page, first, "checked the feed; let B probe");

  const second = await pendingReview(first); // the probe met the still-poisoned feed and re-tripped
  await approve(page, second, "supplier confirmed the feed is fixed");

  await expect.poll(async () => (await getDb().boundary.findUniqueOrThrow({ where: { id: BOUNDARY } })).state, { timeout: 60_000 }).toBe("CLOSED");
  await expect.poll(() => page.getByTestId(`history-${second}`).getByTestId(`state-${BOUNDARY}`).textContent(), { timeout: 10_000 }).toBe("CLOSED");
  const incidents = await getDb().incident.count({ where: { boundaryId: BOUNDARY, type: { in: ["gate_bypass", "illegal_transition"] } } });
  expect(incidents).toBe(0);
  // C's purchase orders carry provenance back to A's feed records.
  const po = await getDb().memoryRecord.findFirstOrThrow({ where: { writer: "order-executor" } });
  const res = await page.request.get(`${inject("baseUrl")}/api/v1/provenance/${po.recordId}`);
  expect(res.status()).toBe(403); // reviewers may not explore provenance; the server says so
}, 180_000);
