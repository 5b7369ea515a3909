import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { cloudEvent, createTestAgent, signAs } from "../factories/agents.ts";
import { signIn } from "../factories/session.ts";
import { TEST_SECRET } from "../support/global-setup.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// A server reached directly (no proxy: FIREBREAK_TRUSTED_PROXY_HOPS left at 0), with low per-address limits.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    DATABASE_URL: inject("databaseUrl"),
    NEXTAUTH_SECRET: TEST_SECRET,
    FIREBREAK_RATE_REQUESTS_PER_S: "1",
    FIREBREAK_RATE_REQUESTS_BURST: "3",
    FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS: "3",
    FIREBREAK_LOGIN_DELAY_BASE_S: "600",
  });
});
afterAll(() => server?.stop());

const spoofed = () => ({ "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}, 198.51.100.${Math.floor(Math.random() * 250) + 1}` });

describe("without a trusted proxy the socket address counts, not X-Forwarded-For", () => {
  it("ingest: a client that changes X-Forwarded-For on every request is still held to its rate (429)", async () => {
    const agent = await createTestAgent("spoofer");
    const batches = await Promise.all(Array.from({ length: 8 }, async (_, i) => JSON.stringify({ events: [await signAs(agent, cloudEvent(agent, "policy.violation", { rule: "rate", detail: `n${i}` }))] })));
    // All at once, so the bucket (3, refilling 1 a second) cannot refill in between whatever the machine's speed.
    const statuses = await Promise.all(
      batches.map(async (body) => (await fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json", ...spoofed() }, body })).status),
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
  });

  it("sign-in: failures under ever-changing X-Forwarded-For still slow that address down", async () => {
    const person = async () => {
      const email = `spoof-${randomUUID().slice(0, 8)}@example.test`;
      await createUser({ email, password: "the right password", role: "reviewer", actor: "test" });
      return email;
    };
    for (let i = 0; i < 3; i++) expect((await signIn(await person(), `wrong password ${i}`, server.url, spoofed())).ok).toBe(false);
    expect((await signIn(await person(), "the right password", server.url, spoofed())).ok).toBe(false);
  });
});
