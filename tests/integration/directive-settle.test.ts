import { describe, expect, it } from "vitest";
import { publish } from "../../lib/server/bus.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { waitForDirectives } from "../../lib/server/directives/wait-for-directives.ts";
import { createTestAgent } from "../factories/agents.ts";

// A directive is announced inside its transaction, before the commit (lib/server/directives/queue-directive.ts):
// a request woken by the announcement looks again until the row shows. On a replica short of CPU the commit can
// come seconds later; the woken request must still answer with it, not give up and wait out its deadline.
describe("a long poll woken before its directive's commit", () => {
  it("answers with the directive when the commit comes 6 s after the announcement", async () => {
    const agent = await createTestAgent("settle");
    const controller = new AbortController();
    const started = Date.now();
    const waiting = waitForDirectives({ agentId: agent.id, waitS: 20, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    publish({ type: "directives.queued", agentId: agent.id }); // the announcement; the row commits later
    await new Promise((r) => setTimeout(r, 6_000));
    await getDb().directive.create({ data: { agentId: agent.id, type: "force_open", payload: JSON.stringify({ type: "force_open", boundaryId: "x", reason: "late commit" }) } });
    const feed = await waiting;
    expect(feed.directives.map((d) => d.type)).toEqual(["force_open"]);
    // Answered when the row showed, not at the 20 s deadline.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
