import { randomUUID } from "node:crypto";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "./agents.ts";
import { postEvents } from "./http.ts";

/** A memory.write event: `agent` writes `recordId` to its own partition, derived from the given nodes. */
export function recordWrite(agent: TestAgent, recordId: string, derivedFrom: string[], chain: string[], valueHash = "b".repeat(64)) {
  return cloudEvent(agent, "memory.write", { recordId, partition: agent.id, key: "k", valueHash, derivedFrom, chain });
}

/** The ids of a reported supply chain: feed record r0 → message m1 → record r1 → message m2 → order r2. */
export type ChainIds = { r0: string; m1: string; r1: string; m2: string; r2: string };

/**
 * Registers three agents and reports a purchase-order lineage through them, each event signed by its
 * reporter: A writes a feed record; its message to B derives from it; B's record from the message; and
 * so on to C's order. `extra` events (reported by B, after B's record) join the chain where a test needs more.
 */
export async function reportChain(opts: { valueHash?: string; extra?: (ids: ChainIds, b: TestAgent, a: TestAgent) => object[] } = {}) {
  const [a, b, c] = await Promise.all([createTestAgent("feed"), createTestAgent("recommender"), createTestAgent("executor")]);
  const id = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
  const ids: ChainIds = { r0: id("feed-rec"), m1: id("msg"), r1: id("rec"), m2: id("msg"), r2: id("order") };
  const write = (agent: TestAgent, recordId: string, from: string[], chain: string[]) => recordWrite(agent, recordId, from, chain, opts.valueHash);
  const steps: [TestAgent, object][] = [
    [a, write(a, ids.r0, [], [a.id])],
    [b, cloudEvent(b, "message.validated", validatedData(a.id, b.id, { messageId: ids.m1, parents: [ids.r0], chain: [a.id] }))],
    [b, write(b, ids.r1, [ids.m1], [a.id, b.id])],
    ...(opts.extra?.(ids, b, a) ?? []).map((e): [TestAgent, object] => [b, e]),
    [c, cloudEvent(c, "message.validated", validatedData(b.id, c.id, { messageId: ids.m2, parents: [ids.r1], chain: [a.id, b.id] }))],
    [c, write(c, ids.r2, [ids.m2], [a.id, b.id, c.id])],
  ];
  for (const [agent, event] of steps) {
    const res = await postEvents([await signAs(agent, event)]);
    if (res.body.accepted !== 1) throw new Error(`the chain's event was not accepted: ${JSON.stringify(res.body)}`);
  }
  return { a, b, c, ids };
}
