import { beforeAll, describe, expect, it } from "vitest";
import type { TestAgent } from "../factories/agents.ts";
import { reportChain, type ChainIds } from "../factories/lineage.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let a: TestAgent, b: TestAgent, c: TestAgent;
let ids: ChainIds;
let security: TestSession;

beforeAll(async () => {
  ({ a, b, c, ids } = await reportChain());
  security = await sessionAs("security");
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
