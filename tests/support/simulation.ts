import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

/** A running supply-chain simulation against the test app, and everything it has printed so far. */
export type Simulation = { process: ChildProcess; narrative: () => string; stop: () => void };

/** Starts `scripts/simulate.ts --scenario supply-chain` against the test server and database (keys in a fresh temporary folder). */
export function startSupplyChain(opts: { paceMs: number; approvalTimeoutS: number; url?: string; databaseUrl?: string }): Simulation {
  const keysDir = mkdtempSync(path.join(tmpdir(), "firebreak-sim-keys-"));
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/simulate.ts", "--scenario", "supply-chain",
    "--keys-dir", keysDir, "--url", opts.url ?? inject("baseUrl"), "--pace-ms", String(opts.paceMs), "--approval-timeout", String(opts.approvalTimeoutS)], {
    env: { ...process.env, DATABASE_URL: opts.databaseUrl ?? inject("databaseUrl") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  return { process: child, narrative: () => text, stop: () => void (child.exitCode === null && child.kill("SIGKILL")) };
}
