import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { launchChromium, signInThroughUi } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

it("a reviewer signs in on the sign-in page, sees their name and role, and signs out", async () => {
  const email = `rev-${randomUUID().slice(0, 6)}@example.test`;
  await createUser({ email, name: "Rita Reviewer", password: "a long reviewer password", role: "reviewer", actor: "test" });
  const page = await browser.newPage();
  await page.goto(`${inject("baseUrl")}/agents`);
  expect(new URL(page.url()).pathname).toBe("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect.poll(() => page.locator(".form-error").textContent()).toMatch(/Wrong email or password/);
  await signInThroughUi(page, email, "a long reviewer password");
  expect(await page.getByTestId("current-role").textContent()).toBe("reviewer");
  await expect.poll(() => page.getByText("Rita Reviewer").count()).toBe(1);
  expect(await page.getByRole("link", { name: "Users" }).count()).toBe(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
});
