import { describe, expect, it } from "vitest";
import { testWorld } from "./support/agents.ts";

describe("request tokens addressed to a replica", () => {
  it("each token names the replica that answered last; after a 421 (a restart, or a balancer that moved us) the SDK asks once more for any replica", async () => {
    const world = await testWorld();
    const a = await world.agent("agent-a");
    world.cp.queue("agent-a", { type: "policy_updated", version: 0 });
    expect((await a.pollDirectives()).directives).toHaveLength(1);
    await a.pollDirectives();
    world.cp.replica = "firebreak:replica:second";
    world.cp.queue("agent-a", { type: "policy_updated", version: 0 });
    expect((await a.pollDirectives()).directives).toHaveLength(1);
    await a.pollDirectives();
    // A poll that gets a directive asks for the next page too.
    const [plain, first, second] = ["firebreak", ["firebreak", "firebreak:replica:first"], ["firebreak", "firebreak:replica:second"]];
    expect(world.cp.audiences).toEqual([
      plain, first, // poll 1: two pages
      first, // poll 2
      first, plain, second, // poll 3: refused with 421, asked again for any replica, then the next page
      second, // poll 4
    ]);
  });
});
