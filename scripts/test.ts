// npm test — typecheck, lint, then every test: unit, integration (real HTTP against the production build
// on a real database: SQLite, or PostgreSQL when TEST_DATABASE_URL is set) and end-to-end in Chromium.
import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed.ts";

const steps: [string, string[]][] = [
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["lint", ["npx", "eslint", "."]],
  ["unit", ["npx", "vitest", "run", "--project", "unit"]],
  ["integration", ["npx", "vitest", "run", "--project", "integration"]],
  ["e2e", ["npx", "vitest", "run", "--project", "e2e", "--passWithNoTests"]],
];

const only = process.argv.slice(2);
for (const [name, [cmd, ...args]] of steps) {
  if (only.length && !only.includes(name)) continue;
  if (name === "integration" || name === "e2e") buildIfNeeded();
  console.log(`\n▶ ${name}: ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n✔ all steps passed${process.env.TEST_DATABASE_URL ? " (PostgreSQL)" : " (SQLite)"}`);
