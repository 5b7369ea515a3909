import { beforeAll, describe, expect, it } from "vitest";
import { cachedAgentJwks } from "../../lib/server/agents/agent-jwks-cache.ts";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { setAgentStatus } from "../../lib/server/agents/set-agent-status.ts";
import { subscribe, type BusMessage } from "../../lib/server/bus.ts";
import { announceToReplicas } from "../../lib/server/bus-postgres.ts";
import { dbProvider, getDb } from "../../lib/server/db/client.ts";
import { ingestEvents } from "../../lib/server/ingest/ingest-events.ts";
import { generateEd25519Jwk } from "../../lib/server/keys/jwk.ts";
import { appUrl } from "../support/base-url.ts";
import { cloudEvent, createTestAgent, signAs } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

// The agents' key set is served from the replica's memory (docs/scale.md#the-agents-key-set-in-memory): a key
// added or revoked, or an agent suspended, shows in the very next answer, whether the change came through the
// server or from another process (this test's own: on SQLite through data_version, on PostgreSQL through the
// bus bridge tests/support/setup-env.ts runs like a replica's; a writer with neither is seen within 1 s, which no test times).
const jwks = async (etag?: string) => {
  const res = await fetch(`${appUrl()}/api/v1/agents/jwks`, { headers: etag ? { "if-none-match": etag } : {} });
  const body = res.status === 200 ? ((await res.json()) as { keys: { kid: string; sub: string }[] }) : undefined;
  return { status: res.status, etag: res.headers.get("etag")!, kids: body?.keys.map((k) => k.kid) ?? [] };
};
let admin: TestSession;

beforeAll(async () => {
  admin = await sessionAs("admin");
});

describe("the agents' key set kept in memory", () => {
  it("answers 304 to its own ETag while nothing changes, and the new set once a key is added through the API", async () => {
    const agent = await createTestAgent("jc-add");
    const first = await jwks();
    expect(first.status).toBe(200);
    expect(first.kids).toContain(agent.kid);
    const again = await jwks(first.etag);
    expect(again.status).toBe(304);
    expect(again.etag).toBe(first.etag);
    const { publicJwk } = await generateEd25519Jwk();
    expect((await asUser(admin, `/api/v1/agents/${agent.id}/keys`, { method: "POST", body: JSON.stringify({ publicJwk }) })).status).toBe(201);
    const changed = await jwks(first.etag);
    expect(changed.status).toBe(200);
    expect(changed.kids).toContain(publicJwk.kid);
    expect((await jwks(changed.etag)).status).toBe(304);
  });

  it("drops a key revoked, and an agent suspended, through the API on the next answer", async () => {
    const a = await createTestAgent("jc-rev");
    const b = await createTestAgent("jc-susp");
    const before = await jwks();
    expect(before.kids).toEqual(expect.arrayContaining([a.kid, b.kid]));
    expect((await asUser(admin, `/api/v1/agents/keys/${a.kid}/revoke`, { method: "POST", body: "{}" })).status).toBe(200);
    expect((await jwks()).kids).not.toContain(a.kid);
    const status = (s: string) => asUser(admin, `/api/v1/agents/${b.id}/status`, { method: "POST", body: JSON.stringify({ status: s }) });
    expect((await status("suspended")).status).toBeLessThan(300);
    expect((await jwks()).kids).not.toContain(b.kid);
    expect((await status("active")).status).toBeLessThan(300);
    expect((await jwks()).kids).toContain(b.kid);
  });

  it("shows a key revoked, and an agent suspended and resumed, by another process on the next answer", async () => {
    const a = await createTestAgent("jc-cli");
    const b = await createTestAgent("jc-cli-s");
    expect((await jwks()).kids).toEqual(expect.arrayContaining([a.kid, b.kid]));
    await revokeKey({ kid: a.kid, actor: "test" });
    expect((await jwks()).kids).not.toContain(a.kid);
    await setAgentStatus({ id: b.id, status: "suspended", actor: "test" });
    expect((await jwks()).kids).not.toContain(b.kid);
    await setAgentStatus({ id: b.id, status: "active", actor: "test" });
    expect((await jwks()).kids).toContain(b.kid);
  });

  it("shows a key written straight into the database by another process on the next answer (announced on PostgreSQL as the command-line tools do)", async () => {
    const agent = await createTestAgent("jc-raw");
    const { etag } = await jwks();
    expect((await jwks(etag)).status).toBe(304);
    const { publicJwk } = await generateEd25519Jwk();
    await getDb().agentKey.create({ data: { kid: publicJwk.kid, agentId: agent.id, publicJwk: JSON.stringify(publicJwk) } });
    // SQLite: the commit moves the server's data_version; PostgreSQL: nothing in the database tells the replica.
    if (dbProvider() === "postgresql") await announceToReplicas({ type: "agent.updated", agentId: agent.id });
    const after = await jwks(etag);
    expect(after.status).toBe(200);
    expect(after.kids).toContain(publicJwk.kid);
  });

  it("a reported violation tells live pages the agent changed, but leaves the key set in memory", async () => {
    const agent = await createTestAgent("jc-viol");
    const kept = await cachedAgentJwks();
    expect(await cachedAgentJwks()).toBe(kept); // the same object: nothing was read again
    const heard: BusMessage[] = [];
    const stop = subscribe((m) => heard.push(m));
    try {
      const r = await ingestEvents({ batch: [await signAs(agent, cloudEvent(agent, "policy.violation", { rule: "fan_out", detail: "x" }))], clockSkewS: 300 });
      expect(r.accepted).toBe(1);
    } finally {
      stop();
    }
    expect(heard).toContainEqual({ type: "agent.updated", agentId: agent.id, reportsOnly: true });
    // The ingest committed on this process's connection (SQLite's data_version does not move), within 1 s on PostgreSQL.
    const now = await cachedAgentJwks();
    if (dbProvider() === "sqlite") expect(now).toBe(kept);
    expect(now.body).toBe(kept.body);
  });
});
