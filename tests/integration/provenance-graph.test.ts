import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent, signAs, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { recordWrite, reportChain, type ChainIds } from "../factories/lineage.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let a: TestAgent, b: TestAgent, c: TestAgent;
let security: TestSession;
const id = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const HASH = "c".repeat(64);
// The chain feed record → message → B's record → message → C's order, plus a second record of B's from the
// first message whose id holds a comma and quotes.
let ids: ChainIds & { odd: string };
const odd = `odd,"rec"-${randomUUID().slice(0, 8)}`;
const write = (agent: TestAgent, recordId: string, derivedFrom: string[], chain: string[]) => recordWrite(agent, recordId, derivedFrom, chain, HASH);
const path = (nodeId: string, rest = "") => `/api/v1/provenance/${encodeURIComponent(nodeId)}${rest}`;
const post = (session: TestSession | null, url: string, body: unknown = {}) => asUser(session, url, { method: "POST", body: JSON.stringify(body) });

beforeAll(async () => {
  const chain = await reportChain({ valueHash: HASH, extra: (c, rb, ra) => [write(rb, odd, [c.m1], [ra.id, rb.id])] });
  ({ a, b, c } = chain);
  ids = { ...chain.ids, odd };
  security = await sessionAs("security");
});

describe("provenance graph API: nodes with what a person checks, and the edges between them", () => {
  it("a purchase order's trace lists each node's author, time, partition, value hash and signed event, and the edges up to the feed record", async () => {
    const res = await asUser(security, path(ids.r2, "?up=20&down=1"));
    expect(res.status).toBe(200);
    const trace = await res.json();
    expect(trace.upstream.map((n: { id: string }) => n.id)).toEqual([ids.m2, ids.r1, ids.m1, ids.r0]);
    expect(trace.edges).toEqual(expect.arrayContaining([
      { parent: ids.r0, child: ids.m1 }, { parent: ids.m1, child: ids.r1 }, { parent: ids.r1, child: ids.m2 }, { parent: ids.m2, child: ids.r2 },
    ]));
    expect(trace.edges).toHaveLength(4); // the odd record is a sibling, not on this order's lineage
    const feed = trace.upstream.find((n: { id: string }) => n.id === ids.r0);
    expect(feed).toMatchObject({ kind: "record", agentId: a.id, partition: a.id, valueHash: HASH, parents: 0, children: 1, side: "upstream", depth: 4 });
    expect(feed.eventSeq).toBeGreaterThan(0);
    expect(Date.parse(feed.time)).not.toBeNaN();
    const msg = trace.upstream.find((n: { id: string }) => n.id === ids.m1);
    expect(msg).toMatchObject({ kind: "message", agentId: a.id, partition: null, valueHash: null, children: 2 });
    expect(trace.node).toMatchObject({ id: ids.r2, side: "root", children: 0 });
    expect(trace).toMatchObject({ up: 20, down: 1 });
  });

  it("up and down are walked separately; one hop each way is what an expansion fetches", async () => {
    const hop = await (await asUser(security, path(ids.m1, "?up=1&down=1"))).json();
    expect(hop.upstream.map((n: { id: string }) => n.id)).toEqual([ids.r0]);
    expect(hop.downstream.map((n: { id: string }) => n.id).sort()).toEqual([ids.odd, ids.r1].sort());
    const none = await (await asUser(security, path(ids.m1, "?up=0&down=2"))).json();
    expect(none.upstream).toEqual([]);
    expect(none.downstream.map((n: { id: string }) => n.id)).toContain(ids.m2);
  });

  it("answers 422 for a depth that is not a whole number from 1 to 20, 404 for an unknown id, 401 and 403 to those who may not", async () => {
    for (const q of ["?depth=0", "?depth=abc", "?depth=21", "?up=-1", "?down=1.5", "?up=99"]) {
      const res = await asUser(security, path(ids.r0, q));
      expect(res.status, q).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await asUser(security, path("never-seen-anywhere"))).status).toBe(404);
    expect((await asUser(null, path(ids.r0))).status).toBe(401);
    const reviewer = await sessionAs("reviewer");
    expect((await asUser(reviewer, path(ids.r0))).status).toBe(403);
    expect((await post(reviewer, path(ids.r0, "/verify"))).status).toBe(403);
    expect((await asUser(reviewer, `/api/v1/provenance/taint?agentId=${a.id}&format=csv`)).status).toBe(403);
  });
});

describe("re-verifying a node's signature on demand", () => {
  it("a record's stored memory.write verifies against its writer's key", async () => {
    const res = await post(security, path(ids.r1, "/verify"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ nodeId: ids.r1, status: "valid", signer: b.id, kid: b.kid, alg: "EdDSA", keyRevokedAt: null });
  });

  it("a message is checked through the first validation event that reported it", async () => {
    expect(await (await post(security, path(ids.m2, "/verify"))).json()).toMatchObject({ status: "valid", signer: c.id });
  });

  it("a stored event altered at rest is reported invalid, and a key revoked since is reported as such", async () => {
    const [tamperer, revoked] = await Promise.all([createTestAgent("tamper"), createTestAgent("revoked")]);
    const [tr, rr] = [id("tampered"), id("revoked-rec")];
    for (const [agent, rec] of [[tamperer, tr], [revoked, rr]] as const) {
      expect((await postEvents([await signAs(agent, write(agent, rec, [], [agent.id]))])).body.accepted).toBe(1);
    }
    const { eventSeq } = await getDb().memoryRecord.findUniqueOrThrow({ where: { recordId: tr } });
    const row = await getDb().event.findUniqueOrThrow({ where: { seq: eventSeq } });
    const [h, p, s] = row.jws.split(".");
    const altered = Buffer.from(Buffer.from(p, "base64url").toString("utf8").replace(HASH, "d".repeat(64))).toString("base64url");
    await getDb().event.update({ where: { seq: eventSeq }, data: { jws: `${h}.${altered}.${s}` } });
    expect(await (await post(security, path(tr, "/verify"))).json()).toMatchObject({ status: "invalid" });

    await revokeKey({ kid: revoked.kid, actor: "test" });
    const answer = await (await post(security, path(rr, "/verify"))).json();
    expect(answer.status).toBe("key_revoked");
    expect(Date.parse(answer.keyRevokedAt)).not.toBeNaN();
  });

  it("404 for an id no signed event reported", async () => {
    expect((await post(security, path("never-seen-anywhere", "/verify"))).status).toBe(404);
  });
});

describe("taint results export", () => {
  it("CSV: a download named after the seed, one escaped line per reached record and message", async () => {
    const res = await asUser(security, `/api/v1/provenance/taint?nodeId=${encodeURIComponent(ids.r0)}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="taint-${ids.r0}.csv"`);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("kind,id,agentId,depth");
    expect(lines).toContain(`record,"odd,""rec""-${ids.odd.split("-").pop()}",${b.id},2`);
    expect(lines).toContain(`message,${ids.m1},${a.id},1`);
    expect(lines).toContain(`record,${ids.r2},${c.id},4`);
    expect(lines.filter(Boolean)).toHaveLength(1 + 5); // m1, r1, odd, m2, r2
  });

  it("JSON: the same report as a download; an agent's window works too, and the trace is audited", async () => {
    const res = await asUser(security, `/api/v1/provenance/taint?agentId=${a.id}&from=2000-01-01T00:00:00Z&format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="taint-${a.id}.json"`);
    const report = await res.json();
    expect(report.records.map((r: { id: string }) => r.id).sort()).toEqual([ids.odd, ids.r1, ids.r2].sort());
    expect(report.agents).toEqual([b.id, c.id].sort());
    expect(await getDb().auditEntry.count({ where: { action: "provenance.taint_traced", subject: `agent:${a.id}` } })).toBeGreaterThan(0);
  });

  it("a missing or unknown format, or both seeds at once, is a 422; an unknown node a 404", async () => {
    for (const q of [`agentId=${a.id}`, `agentId=${a.id}&format=xml`, `agentId=${a.id}&nodeId=${ids.r0}&format=csv`, `agentId=${a.id}&format=csv&depth=0`]) {
      expect((await asUser(security, `/api/v1/provenance/taint?${q}`)).status, q).toBe(422);
    }
    expect((await asUser(security, "/api/v1/provenance/taint?nodeId=never-seen-anywhere&format=csv")).status).toBe(404);
  });
});

describe("provenance page", () => {
  it("renders the lineage graph's data and the tables, with every id a provenance link", async () => {
    const html = await (await asUser(security, `/provenance?id=${encodeURIComponent(ids.r2)}&sel=${encodeURIComponent(ids.m1)}`)).text();
    expect(html).toContain('data-testid="lineage-canvas"');
    expect(html).toContain(`href="/provenance?id=${encodeURIComponent(ids.r0)}"`);
    expect(html).toContain("Upstream");
  });
});

describe("an agent opens the graph of its newest output", () => {
  it("/provenance?agent= redirects to the newest node the agent produced; an agent with none is told so", async () => {
    const res = await asUser(security, `/provenance?agent=${encodeURIComponent(c.id)}`);
    expect([303, 307, 308]).toContain(res.status);
    expect(res.headers.get("location")).toContain(`/provenance?id=${encodeURIComponent(ids.r2)}`);
    const idle = await createTestAgent("idle");
    const html = await (await asUser(security, `/provenance?agent=${encodeURIComponent(idle.id)}`)).text();
    expect(html).toContain(`${idle.id} has produced no message or memory record`);
  });
});
