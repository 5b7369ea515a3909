import { describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";
import { agentToken } from "../factories/agent-requests.ts";

// Two replicas (A, B) of the production build on one PostgreSQL: see tests/support/replicas-setup.ts.
const [A, B] = inject("replicaUrls");

const directives = (base: string, agentId: string, token: string) =>
  fetch(`${base}/api/v1/agents/${agentId}/directives?wait=1`, { headers: { authorization: `Bearer ${token}` } });

describe("single-use request tokens across replicas", () => {
  it("a long poll addressed to replica A is served once by A, refused when replayed to A, answered 421 by B, and writes no UsedJti row", async () => {
    const agent = await createTestAgent("xjti");
    const [replicaA, replicaB] = await Promise.all([A, B].map(async (base) =>
      (await directives(base, agent.id, await agentToken(agent))).headers.get("firebreak-replica")));
    expect(replicaA).not.toBe(replicaB);
    const rows = await getDb().usedJti.count({ where: { agentId: agent.id } });
    expect(rows).toBe(2); // the two tokens for any replica above

    const token = await agentToken(agent, { aud: ["firebreak", replicaA] });
    const [onB, onA] = [await directives(B, agent.id, token), await directives(A, agent.id, token)];
    expect(onB.status).toBe(421);
    expect(onA.status).toBe(200);
    const replays = await Promise.all([directives(A, agent.id, token), directives(B, agent.id, token)]);
    expect(replays.map((r) => r.status)).toEqual([401, 421]);
    expect(await getDb().usedJti.count({ where: { agentId: agent.id } })).toBe(rows);
  });

  it("a token for any replica is spent in PostgreSQL: a replay to the other replica is refused", async () => {
    const agent = await createTestAgent("xjti-any");
    const token = await agentToken(agent);
    expect((await directives(A, agent.id, token)).status).toBe(200);
    expect((await directives(B, agent.id, token)).status).toBe(401);
  });
});
