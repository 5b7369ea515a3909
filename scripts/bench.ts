// npm run bench — runs every benchmark in tests/bench (or those named: npm run bench -- ingest) and prints figures.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const only = process.argv.slice(2);
const files = readdirSync("tests/bench").filter((f) => f.endsWith(".bench.ts")).filter((f) => !only.length || only.some((o) => f.includes(o))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n▶ ${f}`);
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", "--expose-gc", `tests/bench/${f}`], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
