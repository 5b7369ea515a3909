import { beforeAll, describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { agentToken } from "../factories/agent-requests.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";

// Two replicas (A, B) on one PostgreSQL: a change to a key, an agent or its directives made through one is
// seen by the other on the agent's very next request (on PostgreSQL the replicas keep none of it in memory:
// docs/scale.md#what-each-replica-keeps-in-memory).
const [A, B] = inject("replicaUrls");
let admin: TestSession;

beforeAll(async () => {
  admin = await sessionAs("admin");
});

const poll = async (base: string, a: TestAgent, query = "") =>
  fetch(`${base}/api/v1/agents/${a.id}/directives${query}`, { headers: { authorization: `Bearer ${await agentToken(a)}` } });
const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json", origin: base }, body: JSON.stringify(body) });
const feed = async (res: Response) => {
  expect(res.status).toBe(200);
  return JSON.parse(Buffer.from((await res.text()).split(".")[1], "base64url").toString()) as { directives: { type: string }[]; cursor: string };
};

describe("a replica sees changes made through the other at once", () => {
  it("a key revoked through A is refused on the agent's very next request to B (and to A)", async () => {
    const agent = await createTestAgent("xmem-rev");
    for (const base of [A, B, A, B]) await feed(await poll(base, agent));
    expect((await post(A, `/api/v1/agents/keys/${agent.kid}/revoke`, {})).status).toBe(200);
    for (const base of [B, A]) {
      const res = await poll(base, agent);
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toMatch(/revoked_key/);
    }
  });

  it("an agent suspended through B is refused by A at once, and served by A again once resumed through B", async () => {
    const agent = await createTestAgent("xmem-susp");
    for (const base of [A, B]) await feed(await poll(base, agent));
    expect((await post(B, `/api/v1/agents/${agent.id}/status`, { status: "suspended" })).status).toBeLessThan(300);
    expect((await (await poll(A, agent)).json()).detail).toMatch(/agent_suspended/);
    expect((await post(B, `/api/v1/agents/${agent.id}/status`, { status: "active" })).status).toBeLessThan(300);
    await feed(await poll(A, agent));
  });

  it("an idle agent on B gets a directive queued through A on its next poll", async () => {
    const sender = await createTestAgent("xmem-src");
    const agent = await createTestAgent("xmem-idle");
    const id = boundaryId(sender.id, agent.id);
    await getDb().boundary.create({ data: { id, sender: sender.id, receiver: agent.id } });
    let cursor = (await feed(await poll(B, agent))).cursor;
    cursor = (await feed(await poll(B, agent, `?after=${cursor}`))).cursor;
    expect((await post(A, `/api/v1/boundaries/${id}/force-open`, { reason: "test" })).status).toBe(200);
    const page = await feed(await poll(B, agent, `?after=${cursor}&wait=2`));
    expect(page.directives.map((d) => d.type)).toContain("force_open");
  });
});
