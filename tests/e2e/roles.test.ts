import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";
import { launchChromium, postFromPage, signInAs } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

it("an admin creates a user, changes their role, disables them, and registers an agent whose private key downloads once", async () => {
  const { page } = await signInAs(browser, "admin");
  await page.getByRole("link", { name: "Users" }).click();
  await page.waitForURL(/\/users$/);
  const email = `new-${randomUUID().slice(0, 6)}@example.test`;
  const form = page.getByRole("form", { name: "Create a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Nora New");
  await form.getByLabel("Role").selectOption("security");
  await form.getByLabel("Initial password").fill("a long initial password");
  await form.getByRole("button", { name: "Create user" }).click();
  const row = page.getByTestId(`user-${email}`);
  await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("security");
  await row.getByLabel(`Role of ${email}`).selectOption("reviewer");
  await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("reviewer");
  await row.getByRole("button", { name: "Disable" }).click();
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await expect.poll(() => row.locator("td").nth(3).textContent()).toBe("disabled");

  await page.getByRole("link", { name: "Agents" }).click();
  await page.waitForURL(/\/agents$/); // the overview shows the same rows: act only once the Agents page is in
  const id = `e2e-${randomUUID().slice(0, 6)}`;
  const reg = page.getByRole("form", { name: "Register an agent" });
  await reg.getByLabel("Agent id").fill(id);
  await reg.getByLabel("Name").fill("E2E agent");
  await reg.getByRole("button", { name: "Register" }).click();
  await page.getByText(`Download the private key of ${id} now`).waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download private key" }).click()]);
  expect(download.suggestedFilename()).toBe(`${id}.jwk.json`);
  const jwk = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", d: expect.any(String) });
  await page.getByTestId(`agent-${id}`).waitFor();
  await page.getByRole("button", { name: "I have saved it" }).click();
  await page.reload();
  expect(await page.getByRole("link", { name: "Download private key" }).count()).toBe(0);
  expect(await page.content()).not.toContain(jwk.d);
});

it("security revokes a key and suspends an agent, but cannot register agents or manage users (the server refuses)", async () => {
  const agent = await createTestAgent("sec-e2e");
  const { page } = await signInAs(browser, "security");
  await page.getByRole("link", { name: "Agents" }).click();
  await page.waitForURL(/\/agents$/);
  expect(await page.getByRole("form", { name: "Register an agent" }).count()).toBe(0);
  const row = page.getByTestId(`agent-${agent.id}`);
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: `Revoke key ${agent.kid.slice(0, 8)}` }).click();
  await expect.poll(() => row.getByTestId(`key-${agent.kid}`).textContent()).toMatch(/revoked/);
  await row.getByRole("button", { name: "Suspend" }).click();
  await row.getByRole("button", { name: `Suspend ${agent.id}` }).click();
  await expect.poll(() => row.locator(".pill").textContent()).toBe("suspended");

  expect(await postFromPage(page, "/api/v1/agents", { id: `sneak-${randomUUID().slice(0, 6)}`, name: "x" })).toBe(403);
  expect(await postFromPage(page, "/api/v1/users", { email: "sneak@example.test", password: "a long enough password", role: "admin" })).toBe(403);
  await page.goto(page.url().replace(/\/agents$/, "/users"));
  await page.getByText("Not available to your role").waitFor();
});

it("a reviewer sees agents read-only, and the server refuses the revoke and suspend the page does not offer", async () => {
  const agent = await createTestAgent("rev-e2e");
  const { page } = await signInAs(browser, "reviewer");
  await page.getByRole("link", { name: "Agents" }).click();
  await page.waitForURL(/\/agents$/);
  const row = page.getByTestId(`agent-${agent.id}`);
  await row.waitFor();
  expect(await row.getByRole("button").count()).toBe(0);
  expect(await page.getByRole("form", { name: "Register an agent" }).count()).toBe(0);
  expect(await postFromPage(page, `/api/v1/agents/keys/${agent.kid}/revoke`)).toBe(403);
  expect(await postFromPage(page, `/api/v1/agents/${agent.id}/status`, { status: "suspended" })).toBe(403);
  const stored = await getDb().agent.findUnique({ where: { id: agent.id }, include: { keys: true } });
  expect(stored).toMatchObject({ status: "active", keys: [{ revokedAt: null }] });
});
