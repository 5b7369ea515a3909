// npm run demo — the one command after npm install: migrate and seed the SQLite database (a user per role,
// the demo policy), build when needed, start Firebreak on http://localhost:3000, and run the supply-chain
// simulation in a loop so a tripped boundary awaits review within a minute. Ctrl-C stops everything.
// With --a2a the same story is played by real A2A agents behind their sidecars (docs/sidecar-demo.md).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { config, reloadConfig } from "../lib/server/config/config.ts";
import { exitOnBadConfig } from "../lib/server/config/exit-on-bad-config.ts";
import { closeDb } from "../lib/server/db/client.ts";
import { migrate } from "../lib/server/db/migrate.ts";
import { databaseUrl } from "../lib/server/db/url.ts";
import { buildIfNeeded } from "./build-if-needed.ts";
import { seedDemoPolicy, seedDemoUsers } from "./demo/seed-demo.ts";

const children: ChildProcess[] = [];
const a2a = process.argv.slice(2).includes("--a2a");
// A bad value ends the demo here, naming it.
exitOnBadConfig("npm run demo");
// A sidecar's breakers live in its memory, so a restarted one would count epochs from 0 again while the server
// remembers the last run's: the A2A story therefore starts from a fresh database of its own (keys included).
if (a2a && config().DATABASE_URL === undefined) {
  rmSync(path.resolve("data", "a2a"), { recursive: true, force: true });
  mkdirSync(path.resolve("data", "a2a"), { recursive: true });
  process.env.DATABASE_URL = `file:${path.resolve("data", "a2a", "firebreak.db")}`;
  reloadConfig();
}
const port = String(config().PORT);
const host = config().HOST;
const url = `http://localhost:${port}`;
const dbUrl = databaseUrl();

async function waitForHealth(deadlineMs: number): Promise<void> {
  for (const end = Date.now() + deadlineMs; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
  }
  throw new Error(`Firebreak did not answer ${url}/api/health in time`);
}

function stopAll(code = 0): void {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}

const migrated = await migrate(dbUrl);
console.log(migrated.applied.length ? `migrated ${dbUrl}: ${migrated.applied.join(", ")}` : `database ${dbUrl} is up to date`);
const policyVersion = await seedDemoPolicy();
const logins = await seedDemoUsers();
await closeDb();
buildIfNeeded();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: dbUrl,
  NEXTAUTH_URL: config().NEXTAUTH_URL ?? url,
  NEXTAUTH_SECRET: config().NEXTAUTH_SECRET ?? "demo-only-secret-set-NEXTAUTH_SECRET-in-production",
};
const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-H", host, "-p", port], { env, stdio: ["ignore", "inherit", "inherit"] });
children.push(server);
server.on("exit", (code) => stopAll(code ?? 0));
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
await waitForHealth(60_000);

const story = a2a
  ? ["scripts/a2a/run.ts", "--loop", "--url", url]
  : ["scripts/simulate.ts", "--scenario", "supply-chain", "--loop", "--keys-dir", path.join("data", "sim-keys"), "--url", url];
const sim = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", ...story], { env, stdio: ["ignore", "pipe", "inherit"] });
children.push(sim);
createInterface({ input: sim.stdout! }).on("line", (line) => console.log(`  ${a2a ? "a2a" : "sim"} │ ${line}`));

console.log(`
  Firebreak is running on ${url}  (policy version ${policyVersion}; data in ${dbUrl})

  Sign in with (passwords are new on every run):
${logins.map((l) => `    ${l.role.padEnd(9)} ${l.email.padEnd(27)} ${l.password}`).join("\n")}

  The supply-chain ${a2a ? "story runs below with five real A2A agents behind their sidecars" : "simulation runs below"}: a poisoned price feed trips B's breaker on A → B within a
  minute; approve the review on ${url}/reviews as the reviewer and watch B probe. Ctrl-C stops everything.
`);
