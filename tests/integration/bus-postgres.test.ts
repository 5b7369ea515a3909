import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTestBoundary } from "../factories/breaker.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";
import { openStream } from "../factories/sse.ts";

const onPostgres = /^postgres/.test(inject("databaseUrl"));
let viewer: TestSession;

beforeAll(async () => {
  if (onPostgres) viewer = await sessionAs("reviewer");
});

describe.skipIf(!onPostgres)("live stream across replicas: PostgreSQL LISTEN/NOTIFY", () => {
  it("what another replica NOTIFYs reaches this replica's stream", async () => {
    const stream = await openStream(viewer.cookie);
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      await stream.waitFor((e) => e.event === "ready");
      const m = { type: "incident.created", incidentId: "inc_from_elsewhere", boundaryId: null };
      await client.query("SELECT pg_notify('firebreak_bus', $1)", [JSON.stringify({ o: "another-replica", m })]);
      expect((await stream.waitFor((e) => e.event === "incident.created")).data).toEqual(m);
    } finally {
      await client.end();
      await stream.close();
    }
  });

  it("what this replica publishes is NOTIFYed for the others", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    const heard: { type: string; boundaryId?: string }[] = [];
    client.on("notification", (n) => heard.push(JSON.parse(n.payload!).m));
    await client.query("LISTEN firebreak_bus");
    try {
      const b = await createTestBoundary("bus");
      await b.report("CLOSED", "OPEN");
      await expect.poll(() => heard.some((m) => m.type === "boundary.updated" && m.boundaryId === b.id), { timeout: 5_000 }).toBe(true);
    } finally {
      await client.end();
    }
  });
});
