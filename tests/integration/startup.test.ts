import { spawnSync } from "node:child_process";
import { expect, inject, it } from "vitest";
import { TEST_SECRET } from "../support/global-setup.ts";
import { startServer } from "../support/server.ts";

it("production: the server refuses to start without NEXTAUTH_SECRET and says why", async () => {
  await expect(startServer({ DATABASE_URL: inject("databaseUrl"), NEXTAUTH_SECRET: "" })).rejects.toThrow(/set NEXTAUTH_SECRET/);
});

it("production: the server refuses to start with a bad configuration value, naming the variable, its value and what it expects", async () => {
  const start = startServer({ DATABASE_URL: inject("databaseUrl"), NEXTAUTH_SECRET: TEST_SECRET, FIREBREAK_MAX_BATCH_EVENTS: "abc", FIREBREAK_BREAKER_SWEEP_S: "-5" });
  await expect(start).rejects.toThrow(/the server exited early/);
  const message = await start.catch((err: Error) => err.message);
  expect(message).toContain('FIREBREAK_MAX_BATCH_EVENTS="abc" is not valid: expected an integer from 1 to 100000');
  expect(message).toContain('FIREBREAK_BREAKER_SWEEP_S="-5" is not valid: expected an integer from 1 to 86400');
});

it("cli: a script refuses a bad configuration value the same way, exiting non-zero", () => {
  const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/db-migrate.ts"], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), FIREBREAK_ED25519: "openssl" },
    encoding: "utf8",
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('npm run db:migrate refuses to start: bad configuration:\n  FIREBREAK_ED25519="openssl" is not valid: expected one of libsodium, node-crypto');
});

it("health: /api/health answers 200 with the database kind", async () => {
  const res = await fetch(`${inject("baseUrl")}/api/health`);
  expect(res.status).toBe(200);
  expect((await res.json()).ok).toBe(true);
});
