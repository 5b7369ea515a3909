import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InMemoryStore, PolicyViolationError } from "../../../sdk/index.ts";
import { DEFAULT_POLICY_FOR_TESTS } from "./support/policy.ts";
import { testWorld } from "./support/agents.ts";

describe("memory: partitions and grants", () => {
  it("a write goes to my partition with provenance and is reported with the sha256 of the value", async () => {
    const w = await testWorld();
    const a = await w.agent("price-monitor");
    const id = await a.memory.write("supplier-7/price", { price: 12.5 }, { derivedFrom: ["msg-feed-1"] });
    expect(id).toMatch(/^rec-/);
    await a.flush();
    expect(w.cp.ofType("firebreak.memory.write")[0].data).toEqual({
      recordId: id, partition: "price-monitor", key: "supplier-7/price", derivedFrom: ["msg-feed-1"], chain: ["price-monitor"],
      valueHash: createHash("sha256").update(JSON.stringify({ price: 12.5 })).digest("hex"),
    });
  });

  it("reading another agent's partition without a grant is refused, thrown and reported as grant_missing", async () => {
    const w = await testWorld();
    const store = new InMemoryStore();
    const [a, b] = [await w.agent("agent-a", { memoryStore: store }), await w.agent("agent-b", { memoryStore: store })];
    await a.memory.write("k", 1, { derivedFrom: [] });
    await expect(a.memory.read("agent-a", "k")).resolves.toMatchObject({ value: 1 });
    const err = await b.memory.read("agent-a", "k").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyViolationError);
    expect(err).toMatchObject({ rule: "grant_missing" });
    await b.flush();
    expect(w.cp.ofType("firebreak.policy.violation")[0].data).toMatchObject({ rule: "grant_missing" });
  });

  it("with a grant in the policy the read succeeds and is reported; an expired grant no longer works", async () => {
    const w = await testWorld();
    const store = new InMemoryStore();
    const [a, b] = [await w.agent("agent-a", { memoryStore: store }), await w.agent("agent-b", { memoryStore: store })];
    const recordId = await a.memory.write("k", "v", { derivedFrom: [] });
    const until = new Date(w.clock.t + 60_000).toISOString();
    b.policy.set(1, { ...DEFAULT_POLICY_FOR_TESTS, memory: { grants: [{ reader: "agent-b", partition: "agent-a", expires_at: until }] } });
    await expect(b.memory.read("agent-a", "k")).resolves.toMatchObject({ recordId, value: "v" });
    await b.flush();
    expect(w.cp.ofType("firebreak.memory.read")[0].data).toEqual({ recordId, partition: "agent-a", key: "k" });
    w.clock.advance(60_000);
    await expect(b.memory.read("agent-a", "k")).rejects.toThrow(PolicyViolationError);
  });

  it("the chain of a derived record continues the chain it came from", async () => {
    const w = await testWorld();
    const c = await w.agent("order-exec");
    await c.memory.write("po-1", { qty: 3 }, { derivedFrom: ["msg-b-1"], chain: ["price-monitor", "recommender"] });
    await c.flush();
    expect(w.cp.ofType("firebreak.memory.write")[0].data.chain).toEqual(["price-monitor", "recommender", "order-exec"]);
  });
});
