import { randomUUID } from "node:crypto";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { appUrl } from "./base-url.ts";
import type { TRole } from "../../lib/domain/permissions.ts";
import { createUser } from "../../lib/server/users/create-user.ts";

/** Debian's Chromium, headless, with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
}

/** Signs in through the real sign-in page and waits for the dashboard. */
export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${appUrl()}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("current-role").waitFor();
}

/** Creates a person of the role and signs them in through the UI in a fresh browser context (downloads allowed; options such as a time zone or viewport). */
export async function signInAs(browser: Browser, role: TRole, options: BrowserContextOptions = {}): Promise<{ page: Page; email: string }> {
  const email = `${role}-${randomUUID().slice(0, 6)}@example.test`;
  const password = `a long ${role} password`;
  await createUser({ email, name: `E2E ${role}`, password, role, actor: "test" });
  const page = await (await browser.newContext({ acceptDownloads: true, ...options })).newPage();
  await signInThroughUi(page, email, password);
  return { page, email };
}

/** Calls our JSON API from inside the page (same origin, with the page's session): the server must decide. */
export function postFromPage(page: Page, path: string, body: unknown = {}): Promise<number> {
  return page.evaluate(
    async ([p, b]) => (await fetch(p as string, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(b) })).status,
    [path, body] as const,
  );
}
