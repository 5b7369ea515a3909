import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TPolicy } from "../../lib/domain/policy.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import { simWorld } from "../../scripts/sim/world.ts";
import { createAgent, silentLogger } from "../../sdk/index.ts";
import { createTestAgent } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { restorePolicy } from "../factories/policy.ts";
import { eventually } from "../support/eventually.ts";

const baseUrl = inject("baseUrl");
let admin: TestSession;
let before: TPolicy;
const asAdmin = () => ({ id: admin.id, email: admin.email, role: "admin" as const });

/** Stores the current policy with max_downstream_per_message changed; returns the new version. */
async function raiseFanOutCap(to: number): Promise<number> {
  const { policy } = await getCurrentPolicy({ fresh: true });
  const document = { ...structuredClone(policy), fan_out: { ...policy.fan_out, max_downstream_per_message: to } };
  return (await updatePolicy({ document, user: asAdmin() })).version;
}

beforeAll(async () => {
  admin = await sessionAs("admin");
  before = (await getCurrentPolicy({ fresh: true })).policy;
});
afterAll(() => restorePolicy(admin, before));

describe("policy reaches every agent", () => {
  it("a simulated sender takes a raised fan-out cap within one poll and may then send to four receivers", async () => {
    const agents = await Promise.all(["reach-a", "reach-b", "reach-c", "reach-d", "reach-e"].map((p) => createTestAgent(p)));
    const world = simWorld(baseUrl, new Map(agents.map((a) => [a.id, a.privateJwk])), { say: () => {}, section: () => {} }, { narrate: false });
    try {
      const sender = world.agent(agents[0].id);
      const version = await raiseFanOutCap(4);
      await eventually(() => sender.policy.version === version, 10_000, `the sender to take policy version ${version}`);
      expect(sender.policy.policy.fan_out.max_downstream_per_message).toBe(4);
      const sent = await sender.send(agents.slice(1).map((a) => a.id), { alert: "prices collapsed" }, { parents: [] });
      expect(sent.receivers).toHaveLength(4);
    } finally {
      await world.close();
    }
  });

  it("an agent with a long backlog of directives applies the newest policy in one poll", async () => {
    const t = await createTestAgent("reach-backlog");
    await getDb().directive.createMany({
      data: Array.from({ length: 150 }, (_, i) => ({ agentId: t.id, type: "key_revoked", payload: JSON.stringify({ type: "key_revoked", agentId: "someone-else", kid: `old-${i}` }) })),
    });
    const version = await raiseFanOutCap(5);
    const agent = createAgent({ id: t.id, privateJwk: t.privateJwk, controlPlaneUrl: baseUrl, logger: silentLogger });
    await agent.pollDirectives();
    expect(agent.policy.version).toBe(version);
    await agent.close();
  });

  it("an agent told of a new version just after the server served the old one still gets the new one", async () => {
    const t = await createTestAgent("reach-fresh");
    const agent = createAgent({ id: t.id, privateJwk: t.privateJwk, controlPlaneUrl: baseUrl, logger: silentLogger });
    await agent.pollDirectives();
    await agent.refreshPolicy(); // the server has just read (and may keep) the version in force
    const version = await raiseFanOutCap(6);
    await agent.pollDirectives();
    expect(agent.policy.version).toBe(version);
    await agent.close();
  });

  it("the agents list says which policy version each agent last acknowledged", async () => {
    const [fetched, silent] = [await createTestAgent("reach-ack"), await createTestAgent("reach-quiet")];
    const agent = createAgent({ id: fetched.id, privateJwk: fetched.privateJwk, controlPlaneUrl: baseUrl, logger: silentLogger });
    const version = await agent.refreshPolicy();
    await agent.close();
    const res = await asUser(admin, "/api/v1/agents");
    const { agents } = (await res.json()) as { agents: { id: string; policyVersion: number | null; policyAckAt: string | null }[] };
    expect(agents.find((a) => a.id === fetched.id)).toMatchObject({ policyVersion: version, policyAckAt: expect.any(String) });
    expect(agents.find((a) => a.id === silent.id)).toMatchObject({ policyVersion: null, policyAckAt: null });
  });
});
