import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { seedPolicy } from "../../lib/server/policy/seed-policy.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { createTestAgent } from "../factories/agents.ts";
import { sessionAs } from "../factories/session.ts";
import { restorePolicy } from "../factories/policy.ts";

/** The shell block of the people's API reference (docs/architecture.md) that follows `marker`, as written. */
function docsBlock(marker: string): string {
  const page = readFileSync("docs/architecture.md", "utf8");
  return page.slice(page.indexOf(marker)).match(/```sh\n([\s\S]*?)```/)![1];
}

it("docs: a shell script signs in with curl and a cookie jar, suspends an agent and registers one, keeping the only key", async () => {
  const email = `curl-${randomUUID().slice(0, 6)}@example.test`;
  await createUser({ email, password: "a long passphrase", role: "admin", actor: "test" });
  const watched = await createTestAgent("curl");
  const fresh = `pricing-${randomUUID().slice(0, 6)}`;
  const script = docsBlock("From a shell, sign in once")
    .replace("base=http://localhost:3000", `base=${inject("baseUrl")}`)
    .replace("admin@example.com", email)
    .replaceAll("price-monitor", watched.id)
    .replaceAll("pricing", fresh);
  const dir = mkdtempSync(path.join(tmpdir(), "firebreak-curl-"));
  const out = execFileSync("bash", ["-euo", "pipefail", "-c", script], { cwd: dir, encoding: "utf8" });
  expect(out).toMatch(new RegExp(`^\\{"user":\\{[^}]*"email":"${email}"[^}]*"role":"admin"`));
  expect((await getDb().agent.findUnique({ where: { id: watched.id } }))?.status).toBe("suspended");
  const keyFile = path.join(dir, `${fresh}.jwk.json`);
  expect(JSON.parse(readFileSync(keyFile, "utf8"))).toMatchObject({ kty: "OKP", crv: "Ed25519", d: expect.any(String) });
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
});

it("docs: with an admin's cookie jar, a shell script downloads the policy in force as YAML, edits it and stores a new version", async () => {
  const email = `curl-${randomUUID().slice(0, 6)}@example.test`;
  await createUser({ email, password: "a long passphrase", role: "admin", actor: "test" });
  await seedPolicy(); // run alone, the database has no stored version yet: the server would store 1 first
  const before = await getCurrentPolicy({ fresh: true });
  const signIn = docsBlock("From a shell, sign in once").split("curl -s -b jar.txt $base/api/v1/me")[0];
  const script = `${signIn}${docsBlock("With the cookie jar of an admin")}`
    .replaceAll("http://localhost:3000", inject("baseUrl"))
    .replace("admin@example.com", email);
  const dir = mkdtempSync(path.join(tmpdir(), "firebreak-curl-"));
  try {
    const out = JSON.parse(execFileSync("bash", ["-euo", "pipefail", "-c", script], { cwd: dir, encoding: "utf8" }));
    expect(out).toMatchObject({ version: before.version + 1, policy: { fan_out: { max_downstream_per_message: 4 } } });
    expect(readFileSync(path.join(dir, "policy.yaml"), "utf8")).toContain("max_downstream_per_message: 4");
  } finally {
    await restorePolicy(await sessionAs("admin"), before.policy);
  }
});
