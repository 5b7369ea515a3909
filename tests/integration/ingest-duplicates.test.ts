import { describe, expect, it } from "vitest";
import { ingestEvents } from "../../lib/server/ingest/ingest-events.ts";
import { cloudEvent, createTestAgent, signAs } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";

/** n signed policy.violation events from a fresh agent (the cheapest type to store). */
async function violations(n: number) {
  const agent = await createTestAgent("dup");
  const batch = await Promise.all(Array.from({ length: n }, (_, i) =>
    signAs(agent, cloudEvent(agent, "policy.violation", { rule: "rate", detail: `burst ${i}`, count: i }))));
  return { agent, batch };
}

describe("ingest: resending stored events", () => {
  it("a batch of 499 events sent again answers 207 with 499 duplicates (no query-parameter limit)", async () => {
    const { batch } = await violations(499);
    expect((await postEvents(batch)).body).toMatchObject({ accepted: 499, rejected: 0 });
    const again = await postEvents(batch);
    expect(again.status).toBe(207);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 499, rejected: 0 });
    expect(again.body.results.every((r: { status: string }) => r.status === "duplicate")).toBe(true);
  });

  it("duplicates do not spend the agent's rate budget: only new events are charged", async () => {
    const { agent, batch } = await violations(30);
    const charged: number[] = [];
    const admitAgents = (counts: Map<string, number>) => void charged.push(counts.get(agent.id) ?? 0);
    await ingestEvents({ batch: batch.slice(0, 20), clockSkewS: 300, admitAgents });
    const mixed = await ingestEvents({ batch, clockSkewS: 300, admitAgents });
    expect(mixed).toMatchObject({ accepted: 10, duplicates: 20 });
    expect(charged).toEqual([20, 10]);
  });
});
