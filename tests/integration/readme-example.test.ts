import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, inject, it } from "vitest";

it("README: the agent CLI registers an agent and the example script's signed event is accepted", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "firebreak-readme-"));
  const keyFile = path.join(dir, "price-monitor.jwk.json");
  const id = `readme-${process.pid}`;
  const env = { ...process.env, DATABASE_URL: inject("databaseUrl") };
  const kid = execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/agent.ts", "register", "--id", id, "--name", "Price monitor", "--out", keyFile], { env, encoding: "utf8" }).trim();
  expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const out = execFileSync(process.execPath, ["examples/post-event.mjs", id, keyFile, inject("baseUrl")], { encoding: "utf8" });
  expect(out).toMatch(/^207 /);
  expect(JSON.parse(out.slice(4))).toMatchObject({ accepted: 1, rejected: 0 });
});
