import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let a: TestAgent, b: TestAgent, c: TestAgent;
let security: TestSession;
const id = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const ids = { r0: id("feed-rec"), m1: id("msg"), r1: id("rec"), m2: id("msg"), r2: id("order") };
const write = (agent: TestAgent, recordId: string, derivedFrom: string[], chain: string[]) =>
  cloudEvent(agent, "memory.write", { recordId, partition: agent.id, key: "k", valueHash: "b".repeat(64), derivedFrom, chain });

beforeAll(async () => {
  [a, b, c] = await Promise.all([createTestAgent("feed"), createTestAgent("recommender"), createTestAgent("executor")]);
  security = await sessionAs("security");
  // A writes a feed record; its message to B derives from it; B's record from the message; and so on to C's order.
  const steps: [TestAgent, object][] = [
    [a, write(a, ids.r0, [], [a.id])],
    [b, cloudEvent(b, "message.validated", validatedData(a.id, b.id, { messageId: ids.m1, parents: [ids.r0], chain: [a.id] }))],
    [b, write(b, ids.r1, [ids.m1], [a.id, b.id])],
    [c, cloudEvent(c, "message.validated", validatedData(b.id, c.id, { messageId: ids.m2, parents: [ids.r1], chain: [a.id, b.id] }))],
    [c, write(c, ids.r2, [ids.m2], [a.id, b.id, c.id])],
  ];
  for (const [agent, event] of steps) expect((await postEvents([await signAs(agent, event)])).body.accepted).toBe(1);
});

describe("provenance: trace a record to its origin and find what it corrupted", () => {
  it("walks a purchase order upstream through every message and record to the feed record it came from", async () => {
    const res = await asUser(security, `/api/v1/provenance/${ids.r2}`);
    expect(res.status).toBe(200);
    const trace = await res.json();
    expect(trace.upstream.map((n: { id: string }) => n.id)).toEqual([ids.m2, ids.r1, ids.m1, ids.r0]);
    expect(trace.origins.map((n: { id: string }) => n.id)).toEqual([ids.r0]);
    expect(trace.downstream).toEqual([]);
  });

  it("walks the feed record downstream to every record, message and agent derived from it, bounded by depth", async () => {
    const full = await (await asUser(security, `/api/v1/provenance/${ids.r0}`)).json();
    expect(full.downstream.map((n: { id: string }) => n.id)).toEqual([ids.m1, ids.r1, ids.m2, ids.r2]);
    expect(full.affectedAgents).toEqual([a.id, b.id, c.id].sort());
    const shallow = await (await asUser(security, `/api/v1/provenance/${ids.r0}?depth=2`)).json();
    expect(shallow.downstream.map((n: { id: string }) => n.id)).toEqual([ids.m1, ids.r1]);
  });

  it("taints the feed agent's output and lists the corrupted records, messages and agents", async () => {
    const res = await asUser(security, "/api/v1/provenance/taint", { method: "POST", body: JSON.stringify({ agentId: a.id }) });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.seeds).toBe(2); // the feed record and the message A sent
    expect(report.records.map((r: { id: string }) => r.id).sort()).toEqual([ids.r1, ids.r2].sort());
    expect(report.messages.map((m: { id: string }) => m.id)).toEqual([ids.m2]);
    expect(report.agents).toEqual([b.id, c.id].sort());
  });

  it("answers 404 for an unknown node, 401 anonymous, and 403 to reviewers", async () => {
    expect((await asUser(security, "/api/v1/provenance/nope-never-seen")).status).toBe(404);
    expect((await asUser(null, `/api/v1/provenance/${ids.r0}`)).status).toBe(401);
    const reviewer = await sessionAs("reviewer");
    expect((await asUser(reviewer, `/api/v1/provenance/${ids.r0}`)).status).toBe(403);
    expect((await asUser(reviewer, "/api/v1/provenance/taint", { method: "POST", body: JSON.stringify({ agentId: a.id }) })).status).toBe(403);
  });

  it("shows the trace on the provenance page", async () => {
    const html = await (await asUser(security, `/provenance?id=${ids.r2}`)).text();
    expect(html).toContain(ids.r0);
    expect(html).toContain("Upstream");
  });
});
