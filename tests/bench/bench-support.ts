import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { migrate } from "../../lib/server/db/migrate.ts";

/** The p-th percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** "p50 412 ms · p95 803 ms · max 990 ms (n = 40)" */
export function summary(values: number[]): string {
  const f = (v: number) => `${Math.round(v)} ms`;
  return `p50 ${f(percentile(values, 50))} · p95 ${f(percentile(values, 95))} · max ${f(Math.max(...values))} (n = ${values.length})`;
}

/** A migrated SQLite database in a fresh temporary folder, and the function that deletes it. */
export async function throwAwayDatabase(): Promise<{ url: string; remove: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), "firebreak-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  await migrate(url);
  return { url, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Signs in through the real sign-in page. */
export async function signInAt(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("current-role").waitFor();
}

/** Kills the whole run after `ms`, whatever it is doing: a benchmark must never hang a machine. */
export function deadline(ms: number, cleanup: () => Promise<void>): NodeJS.Timeout {
  const timer = setTimeout(() => {
    console.error(`benchmark stopped: over its ${ms / 1000} s budget`);
    void cleanup().finally(() => process.exit(2));
  }, ms);
  timer.unref();
  return timer;
}
