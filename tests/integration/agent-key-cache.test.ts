import { beforeAll, describe, expect, it } from "vitest";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { setAgentStatus } from "../../lib/server/agents/set-agent-status.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { forceOpenBoundary } from "../../lib/server/breakers/force-open-boundary.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { agentGet } from "../factories/agent-requests.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

// The agent request path keeps keys, and "nothing after this cursor", in the replica's memory
// (docs/scale.md#what-each-replica-keeps-in-memory): a change is seen on the very next request, whether it was
// made through the server (the bus) or by another process on the same database (the command-line tools, here
// this test's own process).
const poll = (a: TestAgent, query = "") => agentGet(a, `/api/v1/agents/${a.id}/directives${query}`);
const feed = async (res: Response) => {
  expect(res.status).toBe(200);
  return JSON.parse(Buffer.from((await res.text()).split(".")[1], "base64url").toString()) as { directives: { type: string }[]; cursor: string };
};
let admin: TestSession;

beforeAll(async () => {
  admin = await sessionAs("admin");
});

describe("agent keys and directive cursors kept in memory", () => {
  it("a key revoked through the API is refused on the agent's very next request", async () => {
    const agent = await createTestAgent("kc-api");
    await feed(await poll(agent));
    await feed(await poll(agent));
    expect((await asUser(admin, `/api/v1/agents/keys/${agent.kid}/revoke`, { method: "POST", body: "{}" })).status).toBe(200);
    const res = await poll(agent);
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toMatch(/revoked_key/);
  });

  it("a key revoked, or an agent suspended, by another process is refused on the very next request; resumed, it is served", async () => {
    const a = await createTestAgent("kc-cli");
    const b = await createTestAgent("kc-cli-s");
    await feed(await poll(a));
    await feed(await poll(b));
    await revokeKey({ kid: a.kid, actor: "test" });
    expect((await (await poll(a)).json()).detail).toMatch(/revoked_key/);
    await setAgentStatus({ id: b.id, status: "suspended", actor: "test" });
    expect((await (await poll(b)).json()).detail).toMatch(/agent_suspended/);
    await setAgentStatus({ id: b.id, status: "active", actor: "test" });
    await feed(await poll(b));
  });

  it("an agent suspended through the API is refused at once, and served again once resumed", async () => {
    const agent = await createTestAgent("kc-susp");
    await feed(await poll(agent));
    const status = (s: string) => asUser(admin, `/api/v1/agents/${agent.id}/status`, { method: "POST", body: JSON.stringify({ status: s }) });
    expect((await status("suspended")).status).toBeLessThan(300);
    expect((await (await poll(agent)).json()).detail).toMatch(/agent_suspended/);
    expect((await status("active")).status).toBeLessThan(300);
    await feed(await poll(agent));
  });

  it("an idle agent, answered 'nothing new' from memory, gets a directive queued by another process on its next poll", async () => {
    const sender = await createTestAgent("kc-src");
    const agent = await createTestAgent("kc-idle");
    const id = boundaryId(sender.id, agent.id);
    await getDb().boundary.create({ data: { id, sender: sender.id, receiver: agent.id } });
    let cursor = (await feed(await poll(agent))).cursor;
    cursor = (await feed(await poll(agent, `?after=${cursor}`))).cursor; // now known empty after the cursor
    await forceOpenBoundary({ boundaryId: id, reason: "test", user: { id: "usr-admin-test", role: "admin" as const, email: "admin@example.test" } });
    expect((await feed(await poll(agent, `?after=${cursor}`))).directives.map((d) => d.type)).toContain("force_open");
  });
});
