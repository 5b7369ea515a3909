import { request } from "node:http";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { agentToken } from "../factories/agent-requests.ts";

// The directive endpoint is served from a Pages API route (pages/api/v1/agents/[id]/directives.ts) since
// 2026-12-02, an app route before: its answers must not have changed, header for header.

let agent: TestAgent;
let other: TestAgent;
beforeAll(async () => {
  agent = await createTestAgent("wire");
  other = await createTestAgent("wire-other");
});

const VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
const url = (query = "") => `${inject("baseUrl")}/api/v1/agents/${agent.id}/directives${query}`;
const bearer = async (a = agent) => ({ authorization: `Bearer ${await agentToken(a)}` });

describe("the directive endpoint's answers", () => {
  it("a feed: 200, application/jose, no-store, the replica named, the app routes' vary", async () => {
    const res = await fetch(url("?wait=0"), { headers: await bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/jose");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("firebreak-replica")).toMatch(/^firebreak:replica:/);
    expect(res.headers.get("vary")).toBe(VARY);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await res.text()).split(".")).toHaveLength(3);
  });

  it("refusals are problem+json: 401 with WWW-Authenticate for another agent's token, 400 for a bad wait or cursor", async () => {
    const refused = await fetch(url("?wait=0"), { headers: await bearer(other) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="firebreak", error="invalid_token"');
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("firebreak-replica")).toMatch(/^firebreak:replica:/);
    expect(await refused.json()).toMatchObject({ status: 401, code: "unauthenticated", detail: `this token is for ${other.id}, not ${agent.id}` });
    const badWait = await fetch(url("?wait=abc"), { headers: await bearer() });
    expect([badWait.status, (await badWait.json()).detail]).toEqual([400, "wait must be a whole number of seconds from 0 to 30"]);
    const badCursor = await fetch(url("?after=abc"), { headers: await bearer() });
    expect([badCursor.status, (await badCursor.json()).detail]).toEqual([400, "after must be a cursor returned by a previous fetch"]);
  });

  it("HEAD is GET without a body; OPTIONS is 204 with Allow; other methods are 405", async () => {
    const head = await fetch(url("?wait=0"), { method: "HEAD", headers: await bearer() });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "application/jose", ""]);
    const options = await fetch(url(), { method: "OPTIONS" });
    expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS"]);
    for (const method of ["POST", "PUT", "DELETE"]) expect((await fetch(url(), { method, headers: await bearer() })).status).toBe(405);
  });

  it("a client that leaves a held poll does not stop the endpoint from answering the next", async () => {
    const token = await agentToken(agent);
    await new Promise<void>((resolve) => {
      const req = request(url("?wait=20"), { headers: { authorization: `Bearer ${token}` } });
      req.on("error", () => resolve());
      req.end();
      setTimeout(() => req.destroy(), 300);
    });
    const res = await fetch(url("?wait=1"), { headers: await bearer() });
    expect(res.status).toBe(200);
  });
});
