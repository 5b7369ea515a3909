import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { launchChromium } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

for (const callbackUrl of ["/.//evil.example/x", "/%2e//evil.example/x", "/agents"]) {
  it(`after sign-in with callbackUrl ${callbackUrl}, the browser stays on this site`, async () => {
    const email = `redir-${randomUUID().slice(0, 6)}@example.test`;
    await createUser({ email, password: "a long redirect password", role: "reviewer", actor: "test" });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${inject("baseUrl")}/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long redirect password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => u.origin !== inject("baseUrl") || u.pathname !== "/signin");
    expect(new URL(page.url()).origin).toBe(inject("baseUrl"));
    await page.getByTestId("current-role").waitFor();
    if (callbackUrl === "/agents") expect(new URL(page.url()).pathname).toBe("/agents");
  });
}
