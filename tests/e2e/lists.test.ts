import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { decideReview } from "../../lib/server/reviews/decide-review.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { fetchDirectives } from "../factories/agent-requests.ts";
import { createTestBoundary, reviewsOf } from "../factories/breaker.ts";
import { appUrl } from "../support/base-url.ts";
import { launchChromium, signInAs } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const tag = () => `e2el${randomUUID().slice(0, 6)}`;

describe("lists", () => {
  it("security acknowledges an incident, then resolves it with a comment; the audit log names them and shows the change", async () => {
    const b = await createTestBoundary(tag());
    const id = `inc_${tag()}`;
    await getDb().incident.create({ data: { id, type: "gate_bypass", boundaryId: b.id, detail: `bypass on ${b.id}` } });
    // A colleague has the same list open in another browser: the change reaches it without a reload.
    const colleague = (await signInAs(browser, "security")).page;
    await colleague.goto(`${appUrl()}/incidents?q=${id}`);
    await expect.poll(() => colleague.getByTestId("stream-state").textContent()).toBe("live"); // pushed, not polled
    const { page, email } = await signInAs(browser, "security");
    await page.goto(`${appUrl()}/incidents?q=${id}`);
    const row = page.getByTestId(`incident-${id}`);
    const status = page.getByTestId(`incident-status-${id}`);
    expect(await status.textContent()).toContain("open");
    await row.getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => status.textContent()).toContain(`by E2E security (${email})`);
    expect(await status.textContent()).toMatch(/^acknowledged/);
    await expect.poll(() => colleague.getByTestId(`incident-status-${id}`).textContent()).toMatch(/^acknowledged/);
    await row.getByLabel(/Comment/).fill("agent key rotated, bypass explained");
    await row.getByRole("button", { name: "Resolve" }).click();
    await expect.poll(() => status.textContent()).toContain("resolved");
    expect(await status.textContent()).toContain("“agent key rotated, bypass explained”");
    expect(await row.getByRole("button", { name: "Resolve" }).count()).toBe(0);

    await page.goto(`${appUrl()}/audit?subject=incident:${id}`);
    const entries = page.getByRole("table", { name: "Audit entries" }).locator("tbody tr");
    expect(await entries.count()).toBe(2);
    const newest = await entries.first().textContent();
    expect(newest).toContain(`E2E security (${email})`);
    expect(newest).toContain("incident.resolved");
    expect(newest).toContain("status acknowledged → resolved");
    expect(await entries.first().getByRole("link", { name: "gate bypass incident" }).getAttribute("href")).toBe(`/incidents?q=${id}`);
  });

  it("the review history filters by boundary and outcome, and pages on with the filters kept", async () => {
    const [b1, b2] = [await createTestBoundary(tag()), await createTestBoundary(tag())];
    await Promise.all([b1.validate(["accepted"]), b2.validate(["accepted"])]); // the server knows a boundary once it saw a message on it
    const t0 = Date.now() - 3_600_000;
    await getDb().review.createMany({
      data: [b1, b2].flatMap((b, k) => Array.from({ length: 60 }, (_, i) => ({
        id: `rev_${b.id}_${i}`, boundaryId: b.id, epoch: i + 1, kind: "trip", status: i % 3 ? "rejected" : "approved", evidence: "{}",
        cooldownEndsAt: new Date(t0), createdAt: new Date(t0 + i * 1000 + k), decidedAt: new Date(t0 + i * 1000 + 500),
      }))),
    });
    const { page } = await signInAs(browser, "reviewer");
    await page.goto(`${appUrl()}/reviews`);
    const form = page.getByRole("form", { name: "Filter the review history" });
    await form.getByLabel("Boundary").selectOption(b1.id);
    await form.getByLabel("Outcome").selectOption("rejected");
    await form.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/decision=rejected/);
    const rows = page.getByRole("table", { name: "Review history" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(40);
    const texts = await rows.allTextContents();
    expect(texts.every((t) => t.includes(`${b1.sender.id} → ${b1.receiver.id}`) && t.includes("rejected"))).toBe(true);
    await page.goto(`${appUrl()}/reviews?boundary=${b1.id}&limit=50`);
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole("link", { name: "Older decisions" }).click();
    await page.waitForURL(/cursor=/);
    await expect.poll(() => rows.count()).toBe(10);
    expect(page.url()).toContain(`boundary=${b1.id}`);
  });
});

describe("decisions you can see", () => {
  it("after approving, the card says approved by you with the cooldown, then the probe's outcome", async () => {
    const b = await createTestBoundary(tag());
    // Tripped 250 s ago: under a minute of the 300 s cooldown is left, time enough to see it count down.
    await b.report("CLOSED", "OPEN", { at: new Date(Date.now() - 250_000), reason: "failure_threshold" });
    const [review] = await reviewsOf(b.id);
    const { page } = await signInAs(browser, "reviewer");
    await page.goto(`${appUrl()}/reviews`);
    const card = page.getByTestId(`review-${review.id}`);
    await card.getByLabel("Comment (required)").fill("feed fixed upstream");
    await card.getByRole("button", { name: "Approve reset" }).click();
    const outcome = page.getByTestId(`outcome-${review.id}`);
    await expect.poll(() => outcome.textContent()).toContain("Approved by you — probe after the cooldown");
    await expect.poll(() => outcome.getByTestId("cooldown").count()).toBe(1);

    const approval = (await fetchDirectives(b.receiver)).directives.find((d) => d.type === "approve_half_open")!;
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(approval.notBefore!) - Date.now() + 50)));
    await b.report("OPEN", "HALF_OPEN", { approvalId: approval.approvalId, reason: "approved" });
    await expect.poll(() => outcome.textContent(), { timeout: 10_000 }).toContain("the agent is probing");
    await b.report("HALF_OPEN", "CLOSED", { reason: "probes_passed" });
    await expect.poll(() => outcome.textContent(), { timeout: 10_000 }).toContain("the probe passed: the boundary is CLOSED");
  }, 180_000);

  it("a two-approver review shows who approved first; a stale tab is told who decided and when", async () => {
    const b = await createTestBoundary(tag());
    await b.report("CLOSED", "OPEN");
    const [review] = await reviewsOf(b.id);
    await getDb().review.update({ where: { id: review.id }, data: { requiredApprovals: 2 } });
    const first = await createUser({ email: `${tag()}@example.test`, name: "Fay First", role: "reviewer", actor: "test" });
    await decideReview({ reviewId: review.id, user: first, decision: "approve", comment: "looks fixed" });

    const { page } = await signInAs(browser, "reviewer");
    await page.goto(`${appUrl()}/reviews`);
    const card = page.getByTestId(`review-${review.id}`);
    expect(await card.getByTestId(`approvers-${review.id}`).textContent()).toBe(`Approved by Fay First (${first.email}) — waiting for 1 more reviewer.`);

    // Someone else approves while this tab has not heard of it (its stream and polls cut off): a stale tab.
    await page.route("**/api/v1/stream", (route) => route.abort());
    await page.route("**/api/v1/reviews?status=pending*", (route) => route.abort());
    const other = await createUser({ email: `${tag()}@example.test`, name: "Sam Second", role: "admin", actor: "test" });
    await decideReview({ reviewId: review.id, user: other, decision: "approve", comment: "agreed" });
    await card.getByLabel("Comment (required)").fill("me too");
    await card.getByRole("button", { name: "Approve reset" }).click();
    const alert = card.getByRole("alert");
    await expect.poll(() => alert.textContent()).toMatch(
      new RegExp(`already approved by Fay First \\(${first.email}\\) and Sam Second \\(${other.email}\\) at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`),
    );
    expect(await alert.textContent()).not.toContain(review.id);
  });
});
