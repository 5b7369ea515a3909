import { afterAll, beforeAll, expect, it } from "vitest";
import { inject } from "vitest";
import { startServer, type RunningServer } from "../support/server.ts";
import { cloudEvent, createTestAgent, signAs } from "../factories/agents.ts";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    DATABASE_URL: inject("databaseUrl"),
    NEXTAUTH_SECRET: "test-secret-not-for-production-0123456789",
    FIREBREAK_RATE_REQUESTS_PER_S: "1",
    FIREBREAK_RATE_REQUESTS_BURST: "3",
  });
});
afterAll(() => server?.stop());

it("ingest: a source address over its request rate gets 429 with Retry-After, and its events are not stored", async () => {
  const agent = await createTestAgent("chatty");
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 6; i++) {
    const jws = await signAs(agent, cloudEvent(agent, "policy.violation", { rule: "rate", detail: `n${i}` }));
    last = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [jws] }) });
    statuses.push(last.status);
  }
  expect(statuses.slice(0, 3)).toEqual([207, 207, 207]);
  expect(statuses.at(-1)).toBe(429);
  expect(last!.headers.get("content-type")).toMatch(/problem\+json/);
  expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
});
