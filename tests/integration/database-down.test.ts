import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { agentToken } from "../factories/agent-requests.ts";
import { createTestBoundary } from "../factories/breaker.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";
import { openStream } from "../factories/sse.ts";
import { TEST_SECRET } from "../support/global-setup.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";

const onPostgres = /^postgres/.test(inject("databaseUrl"));

// A second replica reaches the suite's PostgreSQL through a proxy the test can cut: the database "goes away"
// for that replica only, the way a network blip or a failover looks from the app.
describe.skipIf(!onPostgres)("database unreachable: every endpoint answers 503 with Retry-After, and recovers", () => {
  let proxy: TcpProxy;
  let replica: RunningServer;
  let viewer: TestSession;
  let sender: TestAgent;
  let receiver: TestAgent;

  beforeAll(async () => {
    const db = new URL(inject("databaseUrl"));
    proxy = await startTcpProxy(db.hostname, Number(db.port || 5432));
    const viaProxy = new URL(db);
    viaProxy.port = String(proxy.port);
    replica = await startServer({ DATABASE_URL: viaProxy.toString(), NEXTAUTH_SECRET: TEST_SECRET });
    viewer = await sessionAs("reviewer");
    [sender, receiver] = [await createTestAgent("dbdown-a"), await createTestAgent("dbdown-b")];
  });
  afterAll(async () => {
    await replica?.stop();
    await proxy?.close();
  });

  /** Runs `fn` with the replica cut off from its database; the link comes back whatever happens. */
  const whileCut = async <T,>(fn: () => Promise<T>): Promise<T> => {
    await proxy.cut();
    try {
      return await fn();
    } finally {
      await proxy.restore();
    }
  };

  const postBatch = async () => {
    const jws = await signAs(receiver, cloudEvent(receiver, "message.validated", validatedData(sender.id, receiver.id)));
    return fetch(`${replica.url}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [jws] }) });
  };

  it("ingest, the people's API and agent requests answer 503 + Retry-After while the database is away; the same batch is accepted after", async () => {
    expect((await postBatch()).status).toBe(207);
    await whileCut(async () => {
      const ingest = await postBatch();
      expect(ingest.status).toBe(503);
      expect(Number(ingest.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(ingest.headers.get("content-type")).toContain("application/problem+json");
      expect((await ingest.json()).code).toBe("unavailable");

      const people = await fetch(`${replica.url}/api/v1/boundaries`, { headers: { cookie: viewer.cookie } });
      expect(people.status).toBe(503);
      expect(Number(people.headers.get("retry-after"))).toBeGreaterThan(0);

      const directives = await fetch(`${replica.url}/api/v1/agents/${receiver.id}/directives`, { headers: { authorization: `Bearer ${await agentToken(receiver)}` } });
      expect(directives.status).toBe(503);
      expect(Number(directives.headers.get("retry-after"))).toBeGreaterThan(0);

      expect((await fetch(`${replica.url}/api/health`)).status).toBe(503);
    });
    await expect.poll(async () => (await postBatch()).status, { timeout: 15_000, interval: 250 }).toBe(207);
    expect((await fetch(`${replica.url}/api/v1/boundaries`, { headers: { cookie: viewer.cookie } })).status).toBe(200);
  });

  it("a replica whose database link dropped tells its live pages to resync, and then shows every trip made meanwhile", async () => {
    const stream = await openStream(viewer.cookie, replica.url);
    try {
      await stream.waitFor((e) => e.event === "ready");
      const tripped = await whileCut(async () => {
        const made = await Promise.all([1, 2, 3].map(() => createTestBoundary("blip")));
        for (const b of made) await b.report("CLOSED", "OPEN"); // through the suite's replica, while this one is cut off
        await new Promise((r) => setTimeout(r, 500));
        return made;
      });
      await stream.waitFor((e) => e.event === "resync", 15_000);
      const res = await fetch(`${replica.url}/api/v1/boundaries`, { headers: { cookie: viewer.cookie } });
      const { boundaries } = (await res.json()) as { boundaries: { id: string; state: string }[] };
      for (const b of tripped) expect(boundaries.find((x) => x.id === b.id)?.state).toBe("OPEN");
    } finally {
      await stream.close();
    }
  });
});
