import { describe, expect, it } from "vitest";
import { registerAgent } from "../../lib/server/agents/register-agent.ts";
import { getDb } from "../../lib/server/db/client.ts";

describe("registering agents at once", () => {
  // Three times the default pool: on PostgreSQL the last ones wait their turn for a connection (Prisma gave up
  // after 2 s and answered 500 before), on SQLite they take turns on its one connection.
  it("registers thirty agents at once, each once, with its key and its audit entry", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `many-${process.pid}-${Date.now()}-${i}`);
    const results = await Promise.allSettled(ids.map((id) => registerAgent({ id, name: id, actor: "test" })));
    const failed = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason).slice(0, 200)] : []));
    expect(failed).toEqual([]);
    const db = getDb();
    expect(await db.agent.count({ where: { id: { in: ids } } })).toBe(30);
    expect(await db.agentKey.count({ where: { agentId: { in: ids } } })).toBe(30);
    const subjects = ids.map((id) => `agent:${id}`);
    // Each registration returns once its audit entry is chained.
    expect(await db.auditEntry.count({ where: { action: "agent.registered", subject: { in: subjects } } })).toBe(30);
  });
});
