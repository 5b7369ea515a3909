import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { launchChromium, signInThroughUi } from "../support/browser.ts";
import { clickElement, emitStreamEvent, enableGraphProbe, fakeEventSource, openGraph, probe } from "../support/graph-page.ts";

let browser: Browser;
let a: TestAgent, b: TestAgent, c: TestAgent, d: TestAgent;
const password = "a long enough password";

// A pipeline a → b → c → d; b → c had a rejected message.
beforeAll(async () => {
  browser = await launchChromium();
  [a, b, c, d] = await Promise.all(["ingest", "enrich", "decide", "act"].map((p) => createTestAgent(p)));
  const report = (r: TestAgent, s: TestAgent, over = {}) => signAs(r, cloudEvent(r, "message.validated", validatedData(s.id, r.id, over)));
  const res = await postEvents([await report(b, a), await report(c, b, { outcome: "rejected", reasons: ["bad_signature"] }), await report(d, c)]);
  expect(res.body.accepted).toBe(3);
  for (const role of ["security", "reviewer"] as const) await createUser({ email: `${role}-graph@example.test`, name: `Graph ${role}`, password, role, actor: "test" });
});
afterAll(() => browser?.close());

async function signedIn(role: "security" | "reviewer", opts: { dropStream?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await enableGraphProbe(page);
  if (opts.dropStream) await page.route("**/api/v1/stream", (route) => route.abort());
  await signInThroughUi(page, `${role}-graph@example.test`, password);
  await openGraph(page, inject("baseUrl"));
  return page;
}

const tripBC = async () => {
  const event = cloudEvent(c, "breaker.transition", { sender: b.id, receiver: c.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "3 failed verifications", failureCount: 3, anomalyRate: 0.4 });
  expect((await postEvents([await signAs(c, event)])).body.accepted).toBe(1);
};

describe("graph page", () => {
  it("draws the seeded agents and boundaries, a trip turns its edge OPEN without a reload, and a dropped stream says it polls", async () => {
    const page = await signedIn("security", { dropStream: true });
    for (const agent of [a, b, c, d]) expect(await probe(page, "node", agent.id)).toMatchObject({ visible: true });
    const bc = boundaryId(b.id, c.id);
    expect(await probe(page, "edge", bc)).toMatchObject({ state: "CLOSED", visible: true });
    expect((await probe(page, "edge", bc))!.classes).toContain("failed");
    await expect.poll(() => page.getByTestId("live-status").textContent()).toBe("Live updates paused — refreshing every 2 s");
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    await tripBC();
    const row = page.getByTestId("unhealthy-list").locator(`li[data-boundary-id="${bc}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(new RegExp(`^${b.id} → ${c.id}\\s*OPEN`));
    await expect.poll(async () => (await probe(page, "edge", bc))?.state).toBe("OPEN");
    expect((await probe(page, "edge", bc))!.classes).toEqual(expect.arrayContaining(["open", "unhealthy"]));
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    if (process.env.GRAPH_SCREENSHOT) await page.screenshot({ path: process.env.GRAPH_SCREENSHOT });
    await page.close();
  });

  it("clicking an edge opens its panel with the force-open action for security; clicking a node shows the agent's keys", async () => {
    const page = await signedIn("security");
    const bc = boundaryId(b.id, c.id);
    await clickElement(page, bc);
    const panel = page.getByTestId("side-panel");
    await expect.poll(() => panel.getByRole("heading", { level: 2 }).textContent()).toBe(`${b.id} → ${c.id}`);
    expect(await panel.getByTestId("panel-state").textContent()).toBe("OPEN");
    expect(await panel.getByText("3 failed verifications").count()).toBe(1);
    await clickElement(page, boundaryId(c.id, d.id));
    await expect.poll(() => panel.getByRole("button", { name: "Force open…" }).count()).toBe(1);
    await clickElement(page, a.id);
    await expect.poll(() => panel.getByRole("heading", { level: 2 }).textContent()).toBe("Test ingest");
    await expect.poll(() => panel.getByText("active since").count()).toBe(1);
    if (process.env.GRAPH_SCREENSHOT) await page.screenshot({ path: process.env.GRAPH_SCREENSHOT.replace(/\.png$/, "-agent.png") });
    await page.close();
  });

  it("a reviewer opens a boundary from the unhealthy list and is offered no force-open", async () => {
    const page = await signedIn("reviewer");
    await page.getByTestId("unhealthy-list").getByRole("button", { name: `${b.id} → ${c.id}` }).click();
    const panel = page.getByTestId("side-panel");
    await expect.poll(() => panel.getByTestId("panel-state").textContent()).toBe("OPEN");
    expect(await panel.getByRole("link", { name: "Boundary page" }).getAttribute("href")).toBe(`/boundaries/${boundaryId(b.id, c.id)}`);
    expect(await panel.getByRole("button", { name: /Force open/ }).count()).toBe(0);
    await page.close();
  });

  it("filters by state, finds an agent, and focuses on its neighbourhood", async () => {
    const page = await signedIn("security");
    const [ab, bc] = [boundaryId(a.id, b.id), boundaryId(b.id, c.id)];
    await page.getByRole("checkbox", { name: "OPEN", exact: true }).check();
    await expect.poll(async () => (await probe(page, "edge", ab))?.visible).toBe(false);
    expect((await probe(page, "edge", bc))?.visible).toBe(true);
    expect((await probe(page, "node", a.id))?.visible).toBe(false);
    await page.getByRole("button", { name: "Show all" }).click();
    await expect.poll(async () => (await probe(page, "edge", ab))?.visible).toBe(true);
    await page.getByLabel("Only the boundaries of agent").fill(d.id);
    await expect.poll(async () => (await probe(page, "edge", ab))?.visible).toBe(false);
    expect((await probe(page, "edge", boundaryId(c.id, d.id)))?.visible).toBe(true);
    await page.getByRole("button", { name: "Show all" }).click();
    await expect.poll(() => page.getByLabel("Only the boundaries of agent").inputValue()).toBe("");

    await page.getByLabel("Find an agent").fill(d.id);
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect.poll(() => page.getByTestId("side-panel").getByRole("heading", { level: 2 }).textContent()).toBe("Test act");
    await page.getByLabel("Neighbourhood depth").selectOption("1");
    await page.getByRole("button", { name: "Focus" }).click();
    await expect.poll(async () => (await probe(page, "node", b.id))?.visible).toBe(false);
    expect((await probe(page, "node", c.id))?.visible).toBe(true);
    expect((await probe(page, "node", d.id))?.visible).toBe(true);

    await page.getByLabel("Find an agent").fill("no-such-agent-anywhere");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect.poll(() => page.getByText("No agent matches").count()).toBe(1);
    await page.close();
  });

  it("a stream event fetches a patch for just that boundary and restyles its edge in place", async () => {
    const ab = boundaryId(a.id, b.id);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await enableGraphProbe(page);
    await fakeEventSource(page);
    await signInThroughUi(page, "security-graph@example.test", password);
    await openGraph(page, inject("baseUrl"));
    await expect.poll(() => page.getByTestId("live-status").textContent()).toBe("● Live");
    const event = cloudEvent(b, "breaker.transition", { sender: a.id, receiver: b.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "manual", failureCount: 3, anomalyRate: 0.5 });
    expect((await postEvents([await signAs(b, event)])).body.accepted).toBe(1);
    const patched = page.waitForRequest((r) => r.url().endsWith(`/api/v1/graph?boundary=${ab}`));
    await emitStreamEvent(page, "boundary.updated", { type: "boundary.updated", boundaryId: ab });
    await patched;
    await expect.poll(async () => (await probe(page, "edge", ab))?.state).toBe("OPEN");
    await page.getByTestId("unhealthy-list").locator(`li[data-boundary-id="${ab}"][data-state="OPEN"]`).waitFor();
    await page.close();
  });

  it("security forces a boundary open from its panel: a refusal is shown in the form, then the panel and the edge turn OPEN without a reload", async () => {
    const page = await signedIn("security");
    const cd = boundaryId(c.id, d.id);
    await clickElement(page, cd);
    const panel = page.getByTestId("side-panel");
    await expect.poll(() => panel.getByTestId("panel-state").textContent()).toBe("CLOSED");
    await panel.getByRole("button", { name: "Force open…" }).click();
    const form = panel.getByRole("form", { name: "Force open this boundary" });
    await form.getByLabel("Why (kept in the audit log)").fill("e2e: the receiver misbehaves");

    const refusal = { status: 409, contentType: "application/problem+json", body: JSON.stringify({ status: 409, detail: "someone got there first" }) };
    await page.route("**/force-open", (route) => route.fulfill(refusal));
    await form.getByRole("button", { name: "Force open", exact: true }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toBe("Could not force open: someone got there first");
    expect(await panel.getByTestId("panel-state").textContent()).toBe("CLOSED");

    await page.unroute("**/force-open");
    await form.getByRole("button", { name: "Force open", exact: true }).click();
    await expect.poll(() => panel.getByTestId("panel-state").textContent()).toBe("OPEN");
    await expect.poll(async () => (await probe(page, "edge", cd))?.state).toBe("OPEN");
    expect(await panel.getByRole("link", { name: "View the review" }).count()).toBe(1);
    await page.close();
  });
});
