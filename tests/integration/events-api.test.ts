import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ZEventsPage, type TEventSummary } from "../../lib/domain/event-query.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { cloudEvent, createTestAgent, validatedData, type TestAgent } from "../factories/agents.ts";
import { postSigned } from "../factories/http.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let a: TestAgent, b: TestAgent, c: TestAgent;
let reviewer: TestSession;
const early = new Date(Date.now() - 200_000);
const records: string[] = [];


const post = async (agent: TestAgent, events: unknown[]) => expect(await postSigned(agent, events)).toBe(events.length);

// 1,200 events: b reports 600 messages from a (every other one rejected), c 400 (the first 100 earlier), a 200 writes.
beforeAll(async () => {
  [a, b, c] = [await createTestAgent("evq-a"), await createTestAgent("evq-b"), await createTestAgent("evq-c")];
  reviewer = await sessionAs("reviewer");
  await post(b, Array.from({ length: 600 }, (_, i) => cloudEvent(b, "message.validated", validatedData(a.id, b.id, { outcome: i % 2 ? "rejected" : "accepted", anomalyScore: 0 }))));
  await post(c, Array.from({ length: 400 }, (_, i) => cloudEvent(c, "message.validated", validatedData(a.id, c.id), i < 100 ? { time: early.toISOString() } : {})));
  await post(a, Array.from({ length: 200 }, () => {
    const recordId = `rec-${randomUUID()}`;
    records.push(recordId);
    return cloudEvent(a, "memory.write", { recordId, partition: a.id, key: "k", valueHash: "a".repeat(64), derivedFrom: [], chain: [a.id] });
  }));
}, 120_000);

async function list(query: string): Promise<{ status: number; body: unknown }> {
  const res = await asUser(reviewer, `/api/v1/events?${query}`);
  return { status: res.status, body: await res.json() };
}

/** Follows nextCursor to the end; returns every event seen. */
async function walk(query: string): Promise<TEventSummary[]> {
  const out: TEventSummary[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await list(`${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(status).toBe(200);
    const page = ZEventsPage.parse(body);
    out.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe("GET /api/v1/events: filters and cursor paging over 1,200 events", () => {
  it("pages through one agent's 600 events newest first, each once, with no cursor after the last page", async () => {
    const first = ZEventsPage.parse((await list(`agent=${b.id}&limit=500`)).body);
    expect(first.events).toHaveLength(500);
    expect(first.nextCursor).not.toBeNull();
    const all = await walk(`agent=${b.id}&limit=500`);
    expect(all).toHaveLength(600);
    expect(new Set(all.map((e) => e.id)).size).toBe(600);
    expect(all.every((e) => e.source === b.id && e.type === "firebreak.message.validated")).toBe(true);
    const seqs = all.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
  });

  it("filters by boundary and outcome together: exactly the 300 rejected messages a → b", async () => {
    const rejected = await walk(`boundary=${boundaryId(a.id, b.id)}&outcome=rejected&limit=70`);
    expect(rejected).toHaveLength(300);
    expect(rejected.every((e) => e.outcome === "rejected" && e.boundaryId === boundaryId(a.id, b.id))).toBe(true);
    expect(await walk(`boundary=${boundaryId(a.id, c.id)}&outcome=rejected`)).toHaveLength(0);
  });

  it("filters by type (short or full name) and names the record each write is about, as Provenance knows it", async () => {
    const writes = await walk(`agent=${a.id}&type=memory.write&limit=500`);
    expect(writes.map((e) => e.subjectId).sort()).toEqual([...records].sort());
    expect(await walk(`agent=${a.id}&type=firebreak.memory.write`)).toHaveLength(200);
    expect(await walk(`agent=${a.id}&type=firebreak.message.validated`)).toHaveLength(0);
  });

  it("filters by the event's time: from and to are inclusive instants with a zone", async () => {
    const cut = new Date(early.getTime() + 60_000).toISOString();
    expect(await walk(`agent=${c.id}&to=${encodeURIComponent(cut)}&limit=500`)).toHaveLength(100);
    expect(await walk(`agent=${c.id}&from=${encodeURIComponent(cut)}&limit=500`)).toHaveLength(300);
    expect(await walk(`agent=${c.id}&from=${encodeURIComponent(early.toISOString())}&to=${encodeURIComponent(early.toISOString())}`)).toHaveLength(100);
  });
});

describe("GET /api/v1/events: bad filters", () => {
  it.each([
    ["an unknown agent", () => "agent=nobody-at-all", "agent"],
    ["an unknown boundary", () => "boundary=bnd_nothing", "boundary"],
    ["an unknown type", () => "type=telepathy.sent", "type"],
    ["an unknown outcome", () => "outcome=maybe", "outcome"],
    ["a limit over 500", () => "limit=501", "limit"],
    ["a limit of 0", () => "limit=0", "limit"],
    ["a cursor it never handed out", () => "cursor=abc", "cursor"],
    ["a time without a zone", () => "from=2026-11-30T10:00", "from"],
    ["to before from", () => "from=2026-11-30T10:00:00Z&to=2026-11-30T09:00:00Z", "to"],
    ["an unknown filter", () => "colour=red", "colour"],
  ])("%s is a 422 naming the parameter", async (_, query, path) => {
    const res = await asUser(reviewer, `/api/v1/events?${query()}`);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json();
    expect(body.problems.map((p: { path: string }) => p.path)).toContain(path);
  });

  it("needs a signed-in person", async () => {
    expect((await asUser(null, "/api/v1/events")).status).toBe(401);
  });
});
