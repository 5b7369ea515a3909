import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { TRole } from "../../lib/domain/permissions.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { launchChromium, signInAs } from "../support/browser.ts";

let browser: Browser;
let pages: string[];

// Something on every page: a boundary with a message, so its page and an event's page exist.
beforeAll(async () => {
  browser = await launchChromium();
  const [a, b] = [await createTestAgent("pg-a"), await createTestAgent("pg-b")];
  const res = await postEvents([await signAs(b, cloudEvent(b, "message.validated", validatedData(a.id, b.id)))]);
  expect(res.body.accepted).toBe(1);
  const event = await getDb().event.findFirstOrThrow({ where: { source: b.id } });
  pages = [
    "/", "/reviews", "/incidents", "/provenance", "/agents", "/events", `/events/${event.seq}`, "/policy", "/audit", "/users",
    `/boundaries/${boundaryId(a.id, b.id)}`, "/no-such-page",
  ];
}, 60_000);
afterAll(() => browser?.close());

type Finding = { role: string; path: string; what: string };

/** Serious or critical axe violations on the page as it stands, one line each. */
async function axeFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/** How far the page scrolls sideways at its current width (0: not at all), and the innermost elements sticking out. */
function sidewaysOverflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.body.querySelectorAll<HTMLElement>("*")].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""}`;
    return { by: document.documentElement.scrollWidth - width, culprits: innermost.slice(0, 3).map(name) };
  });
}

async function settle(page: Page, path: string): Promise<void> {
  await page.goto(`${inject("baseUrl")}${path}`);
  await page.getByTestId("current-role").waitFor();
  await page.waitForLoadState("networkidle").catch(() => {}); // the live stream keeps one request open
  if (path === "/") await page.locator('[data-testid="graph-canvas"][data-ready="true"], .graph-empty').first().waitFor({ timeout: 30_000 });
}

it.each<TRole>(["reviewer", "security", "admin"])("every page as %s, on a 390 px phone: no sideways scroll and no serious or critical axe violations", async (role) => {
  const { page } = await signInAs(browser, role, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const findings: Finding[] = [];
  for (const path of pages) {
    await settle(page, path);
    const overflow = await sidewaysOverflow(page);
    if (overflow.by > 0) findings.push({ role, path, what: `scrolls ${overflow.by}px sideways: ${overflow.culprits.join(", ")}` });
    for (const what of await axeFindings(page)) findings.push({ role, path, what });
  }
  expect(findings).toEqual([]);
}, 300_000);

it("the sign-in page has no serious or critical axe violations and fits a phone", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${inject("baseUrl")}/signin`);
  await page.getByLabel("Email").waitFor();
  expect((await sidewaysOverflow(page)).by).toBe(0);
  expect(await axeFindings(page)).toEqual([]);
  await context.close();
});

it("on a phone the nav folds into a Menu button that opens and closes it", async () => {
  const { page } = await signInAs(browser, "admin", { viewport: { width: 390, height: 844 } });
  const nav = page.getByRole("navigation", { name: "Main" });
  const events = nav.getByRole("link", { name: "Events", includeHidden: true });
  expect(await events.isVisible()).toBe(false);
  await nav.getByRole("button", { name: "Menu" }).click();
  expect(await nav.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("true");
  await events.click();
  await page.waitForURL(/\/events$/);
  expect(await events.getAttribute("aria-current")).toBe("page");
  expect(await events.isVisible()).toBe(false);
});
