import { describe, expect, it } from "vitest";
import { BoundaryOpenError, PolicyViolationError } from "../../../sdk/index.ts";
import { testWorld } from "./support/agents.ts";

async function refusal(p: Promise<unknown>): Promise<PolicyViolationError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PolicyViolationError);
  return err as PolicyViolationError;
}

describe("send: caps", () => {
  it("a message naming more than 3 receivers is refused whole, thrown and reported as fan_out", async () => {
    const w = await testWorld();
    const a = await w.agent("price-monitor");
    const err = await refusal(a.send(["b1", "b2", "b3", "b4"], { n: 1 }, { parents: [] }));
    expect(err.rule).toBe("fan_out");
    expect(err.count).toBe(4);
    await a.flush();
    expect(w.cp.ofType("firebreak.policy.violation").map((e) => e.data)).toMatchObject([{ rule: "fan_out", count: 4 }]);
    const ok = await a.send(["b1", "b2", "b3"], { n: 2 }, { parents: [] });
    expect(ok.receivers).toEqual(["b1", "b2", "b3"]);
  });

  it("a chain longer than max_chain_depth (5) is refused as chain_depth; one within it carries origin → sender", async () => {
    const w = await testWorld();
    const a = await w.agent("hop-f");
    const sent = await a.send(["next"], "x", { parents: ["msg-1"], chain: ["hop-b", "hop-c", "hop-d", "hop-e"] });
    expect(sent.chain).toEqual(["hop-b", "hop-c", "hop-d", "hop-e", "hop-f"]);
    const err = await refusal(a.send(["next"], "x", { parents: [], chain: ["hop-a", "hop-b", "hop-c", "hop-d", "hop-e"] }));
    expect(err).toMatchObject({ rule: "chain_depth", count: 6 });
  });

  it("more than 20 messages in one 60 s cycle are refused as rate; the next cycle sends again", async () => {
    const w = await testWorld();
    const a = await w.agent("chatty");
    w.clock.t = Math.ceil(w.clock.t / 60_000) * 60_000;
    for (let i = 0; i < 20; i++) {
      const s = await a.send(["peer"], i, { parents: [] });
      a.acknowledge({ messageId: s.messageId, receiver: "peer", accepted: true, breaker: "CLOSED" });
    }
    expect((await refusal(a.send(["peer"], 21, { parents: [] }))).rule).toBe("rate");
    w.clock.advance(60_000);
    await expect(a.send(["peer"], 22, { parents: [] })).resolves.toMatchObject({ receivers: ["peer"] });
  });

  it("a sixth unanswered fan-out is refused; an acknowledgement frees a slot", async () => {
    const w = await testWorld();
    const a = await w.agent("fanner");
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await a.send(["x1", "x2"], i, { parents: [] }));
    expect((await refusal(a.send(["x1"], 6, { parents: [] }))).message).toMatch(/unanswered fan-outs/);
    a.acknowledge({ messageId: sent[0].messageId, receiver: "x1", accepted: true, breaker: "CLOSED" });
    await expect(a.send(["x1"], 7, { parents: [] })).rejects.toThrow(PolicyViolationError);
    a.acknowledge({ messageId: sent[0].messageId, receiver: "x2", accepted: true, breaker: "CLOSED" });
    await expect(a.send(["x1"], 8, { parents: [] })).resolves.toBeTruthy();
  });

  it("a receiver whose boundary is OPEN is not sent to; when all are OPEN nothing is sent", async () => {
    const w = await testWorld();
    const a = await w.agent("sender-a");
    const first = await a.send(["open-b", "fine-c"], "hi", { parents: [] });
    a.acknowledge({ messageId: first.messageId, receiver: "open-b", accepted: false, breaker: "OPEN", retryAt: w.clock.t + 300_000 });
    a.acknowledge({ messageId: first.messageId, receiver: "fine-c", accepted: true, breaker: "CLOSED" });
    const second = await a.send(["open-b", "fine-c"], "again", { parents: [] });
    expect(second).toMatchObject({ receivers: ["fine-c"], skipped: ["open-b"] });
    await expect(a.send(["open-b"], "only", { parents: [] })).rejects.toThrow(BoundaryOpenError);
    w.clock.advance(300_001);
    await expect(a.send(["open-b"], "later", { parents: [] })).resolves.toMatchObject({ receivers: ["open-b"] });
  });
});
