// npm test — typecheck, lint, then every test: unit, integration (real HTTP against the production build
// on a real database: SQLite, or PostgreSQL when TEST_DATABASE_URL is set), end-to-end in Chromium and, on
// PostgreSQL, the two-replica suite.
import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed.ts";

const steps: [string, string[]][] = [
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["lint", ["npx", "eslint", "."]],
  ["unit", ["npx", "vitest", "run", "--project", "unit"]],
  ["integration", ["npx", "vitest", "run", "--project", "integration"]],
  ["e2e", ["npx", "vitest", "run", "--project", "e2e", "--passWithNoTests"]],
  // Two replicas on one database: PostgreSQL only (SQLite is one process by design).
  ["replicas", ["npx", "vitest", "run", "--project", "replicas"]],
];

const onPostgres = /^postgres/.test(process.env.TEST_DATABASE_URL ?? "");

const only = process.argv.slice(2);
for (const [name, [cmd, ...args]] of steps) {
  if (only.length && !only.includes(name)) continue;
  if (name === "replicas" && !onPostgres) {
    console.log("\n▷ replicas: skipped (runs on PostgreSQL: set TEST_DATABASE_URL)");
    continue;
  }
  if (name === "integration" || name === "e2e" || name === "replicas") buildIfNeeded();
  console.log(`\n▶ ${name}: ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n✔ all steps passed${process.env.TEST_DATABASE_URL ? " (PostgreSQL)" : " (SQLite)"}`);
