import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startReceiver } from "../factories/webhook-receiver.ts";
import { eventually } from "../support/eventually.ts";
import { launchChromium, signInAs } from "../support/browser.ts";
import { startOwnServer, type OwnServer } from "../support/own-server.ts";

let browser: Browser;
let app: OwnServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  app = await startOwnServer("webhooks-e2e", { FIREBREAK_WEBHOOK_ALLOW: "127.0.0.1", FIREBREAK_WEBHOOK_POLL_MS: "200" });
  receiver = await startReceiver();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await app?.stop();
});

it("an admin adds a webhook and sees its secret once, sends a test event, redelivers it, and disables the webhook", async () => {
  const { page } = await signInAs(browser, "admin");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await page.waitForURL(/\/webhooks$/);
  const form = page.getByRole("form", { name: "Add a webhook" });
  await form.getByLabel("URL").fill(receiver.url());
  await form.getByRole("button", { name: "Add webhook" }).click();
  const secret = (await page.getByTestId("webhook-secret").textContent())!;
  expect(secret).toMatch(/^whsec_/);
  receiver.state.secret = secret;
  await page.getByRole("button", { name: "I have saved it" }).click();
  await page.reload();
  expect(await page.content()).not.toContain(secret);

  const card = page.locator("article", { hasText: receiver.url() });
  await card.getByRole("button", { name: "Send test event" }).click();
  const first = await eventually(() => receiver.got[0], 20_000, "the test event");
  expect(first).toMatchObject({ verified: true, kind: "webhook.test" });
  const row = page.getByTestId(`delivery-${first.id}`);
  await expect.poll(async () => { await page.reload(); return row.locator("td").nth(1).textContent(); }, { timeout: 20_000 }).toBe("delivered");
  expect(await row.locator("td").nth(2).textContent()).toBe("200");
  await row.getByRole("button", { name: "Redeliver" }).click();
  await eventually(() => receiver.acknowledged().get(first.id) === 2, 20_000, "the redelivery");

  await card.getByRole("button", { name: "Disable" }).click();
  await expect.poll(() => card.locator(".pill").textContent()).toBe("disabled");
});
