import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { policyToYaml } from "../../lib/domain/policy-yaml.ts";
import { DEFAULT_POLICY, type TPolicy } from "../../lib/domain/policy.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import { seedValidations } from "../factories/validations.ts";
import { launchChromium, postFromPage, signInAs } from "../support/browser.ts";

let browser: Browser;
let before: TPolicy;
beforeAll(async () => {
  browser = await launchChromium();
  before = (await getCurrentPolicy({ fresh: true })).policy;
});
afterAll(async () => {
  await browser?.close();
  await updatePolicy({ document: before, user: { id: "usr-e2e", email: "e2e@example.test", role: "admin" } });
});

it("an admin edits the policy YAML, sees the bad value named by its path, fixes it and saves a new version", async () => {
  const { page } = await signInAs(browser, "admin");
  await page.getByRole("link", { name: "Policy" }).click();
  await page.waitForURL(/\/policy$/);
  const editor = page.getByRole("form", { name: "Edit the policy" });
  const yaml = editor.getByLabel("Policy YAML");
  const original = await yaml.inputValue();
  expect(original).toContain("max_downstream_per_message:");

  await yaml.fill(original.replace(/anomaly_threshold: [\d.]+/, "anomaly_threshold: 1.5"));
  await editor.getByRole("button", { name: "Save as new version" }).click();
  await expect.poll(() => page.getByTestId("policy-problems").textContent()).toContain("breaker.anomaly_threshold");

  const fixed = original.replace(/anomaly_threshold: [\d.]+/, "anomaly_threshold: 0.2").replace(/max_downstream_per_message: \d+/, "max_downstream_per_message: 4");
  await yaml.fill(fixed);
  await editor.getByRole("button", { name: "Save as new version" }).click();
  // The confirmation shows what changes against the version in force before anything is stored.
  const dialog = page.getByRole("dialog", { name: /Publish version \d+\?/ });
  const diff = await dialog.getByTestId("publish-diff").textContent();
  expect(diff).toContain("breaker.anomaly_threshold");
  expect(diff).toContain("fan_out.max_downstream_per_message");
  await dialog.getByRole("button", { name: /^Publish version/ }).click();
  const note = await page.getByRole("status").filter({ hasText: "Saved as version" }).textContent();
  const version = Number(note!.match(/version (\d+)/)![1]);
  expect((await getCurrentPolicy({ fresh: true })).version).toBe(version);
  await expect.poll(() => page.getByTestId("policy-in-force").textContent()).toContain(`Version ${version} is in force`);
  expect(await page.getByTestId("policy-summary").textContent()).toContain("Receivers per message4");
  await page.getByTestId(`policy-version-${version}`).waitFor();
  expect(await page.getByTestId("policy-problems").count()).toBe(0);

  await editor.getByRole("button", { name: "Reset to defaults" }).click();
  expect(await yaml.inputValue()).toBe(policyToYaml(DEFAULT_POLICY));
});

it("a reviewer sees the policy in force and its history but no editor, and the server refuses a save", async () => {
  const { page } = await signInAs(browser, "reviewer");
  await page.getByRole("link", { name: "Policy" }).click();
  await page.waitForURL(/\/policy$/);
  await page.getByTestId("policy-in-force").waitFor();
  expect(await page.getByTestId("policy-summary").textContent()).toContain("Approvals to reset");
  expect(await page.getByTestId("policy-versions").locator("tbody tr").count()).toBeGreaterThan(0);
  expect(await page.getByRole("form", { name: "Edit the policy" }).count()).toBe(0);
  expect(await postFromPage(page, "/api/v1/policy/versions", { document: DEFAULT_POLICY })).toBe(403);
});

it("an admin dry runs a stricter draft over the last hour, sees where it would trip, and publishes it after the confirmation", async () => {
  await seedValidations({ from: new Date(Date.now() - 1_800_000), count: 400, boundaries: 2, prefix: "dry-e2e", stepMs: 2_000 });
  const { page } = await signInAs(browser, "admin");
  await page.getByRole("link", { name: "Policy" }).click();
  await page.waitForURL(/\/policy$/);
  const editor = page.getByRole("form", { name: "Edit the policy" });
  const yaml = editor.getByLabel("Policy YAML");
  await yaml.fill((await yaml.inputValue()).replace(/anomaly_threshold: [\d.]+/, "anomaly_threshold: 0.05"));

  const panel = page.getByTestId("dry-run-panel");
  await panel.getByLabel("Window").selectOption("1h");
  await panel.getByRole("button", { name: "Start dry run" }).click();
  const row = panel.getByTestId("dry-run-boundaries").locator("tr", { hasText: "dry-e2e-s0 → dry-e2e-r0" });
  await row.waitFor({ timeout: 30_000 });
  expect(await row.locator("td").nth(1).textContent()).toBe("0"); // the policy in force never trips it
  expect(Number(await row.locator("td").nth(2).textContent())).toBeGreaterThan(0);
  await row.getByTestId("dry-run-chart").locator("svg").waitFor();
  expect(await panel.getByTestId("dry-run-summary").textContent()).toContain("draft trips dry-e2e-s");

  await panel.getByRole("button", { name: "Publish this draft" }).click();
  const dialog = page.getByRole("dialog", { name: /Publish version \d+\?/ });
  expect(await dialog.getByTestId("publish-diff").textContent()).toContain("breaker.anomaly_threshold");
  expect(await dialog.textContent()).toContain("What the dry run found");
  await dialog.getByRole("button", { name: /^Publish version/ }).click();
  const note = await page.getByRole("status").filter({ hasText: "Saved as version" }).textContent();
  const version = Number(note!.match(/version (\d+)/)![1]);
  const audit = await getDb().auditEntry.findFirstOrThrow({ where: { subject: `policy:${version}`, action: "policy.updated" } });
  expect(JSON.parse(audit.after!).dryRun.summary.join(" ")).toContain("draft trips dry-e2e-s");

  // Any two versions side by side.
  await page.goto(page.url().split("?")[0] + `?diffFrom=${version - 1}&diffTo=${version}`);
  expect(await page.getByTestId("version-diff").textContent()).toContain("breaker.anomaly_threshold");
});
