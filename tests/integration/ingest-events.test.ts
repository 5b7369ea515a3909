import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";

let a: TestAgent;
let b: TestAgent;

beforeAll(async () => {
  a = await createTestAgent("up");
  b = await createTestAgent("down");
});

const codes = (body: { results: { status: string; error?: { code: string } }[] }) => body.results.map((r) => r.error?.code ?? r.status);
const stored = (source: string, id: string) => getDb().event.count({ where: { source, eventId: id } });

function transition(seq: number, from: string, to: string, over: Record<string, unknown> = {}) {
  return cloudEvent(b, "breaker.transition", { sender: a.id, receiver: b.id, seq, from, to, reason: "test", failureCount: 3, anomalyRate: 0.2, ...over });
}

describe("ingest: events and batches", () => {
  it("stores a replayed event once and answers duplicate; the same id with another payload is id_conflict", async () => {
    const e = cloudEvent(b, "message.validated", validatedData(a.id, b.id));
    const jws = await signAs(b, e);
    expect(codes((await postEvents([jws])).body)).toEqual(["accepted"]);
    expect(codes((await postEvents([jws, jws])).body)).toEqual(["duplicate", "duplicate"]);
    const changed = await signAs(b, { ...e, data: { ...e.data, outcome: "rejected" } });
    const res = await postEvents([changed]);
    expect(codes(res.body)).toEqual(["id_conflict"]);
    expect(await stored(b.id, e.id)).toBe(1);
    expect(await getDb().messageValidation.count({ where: { messageId: e.data.messageId as string } })).toBe(1);
  });

  it("tells a duplicate inside one batch from a conflicting repeat", async () => {
    const e = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" });
    const res = await postEvents([await signAs(b, e), await signAs(b, e), await signAs(b, { ...e, data: { rule: "rate", detail: "y" } })]);
    expect(codes(res.body)).toEqual(["accepted", "duplicate", "id_conflict"]);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 });
  });

  it("refuses a time outside the ±300 s window, ahead and behind, as clock_skew", async () => {
    const ahead = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" }, { time: new Date(Date.now() + 400_000).toISOString() });
    const behind = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" }, { time: new Date(Date.now() - 400_000).toISOString() });
    const near = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" }, { time: new Date(Date.now() - 200_000).toISOString() });
    const res = await postEvents([await signAs(b, ahead), await signAs(b, behind), await signAs(b, near)]);
    expect(codes(res.body)).toEqual(["clock_skew", "clock_skew", "accepted"]);
    expect(res.body.results[0].error.detail).toMatch(/ahead/);
    expect(res.body.results[1].error.detail).toMatch(/behind/);
  });

  it("refuses an unknown type, missing fields, extra data fields and a bad specversion", async () => {
    const unknown = cloudEvent(b, "telepathy.sent", { x: 1 });
    const missing = cloudEvent(b, "message.validated", { sender: a.id, receiver: b.id });
    const extra = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x", surprise: true });
    const badSpec = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" }, { specversion: "0.3" });
    const badRule = cloudEvent(b, "policy.violation", { rule: "vibes", detail: "x" });
    const res = await postEvents(await Promise.all([unknown, missing, extra, badSpec, badRule].map((e) => signAs(b, e))));
    expect(codes(res.body)).toEqual(["unknown_type", "invalid_event", "invalid_event", "invalid_event", "invalid_event"]);
    expect(res.body.results[1].error.detail).toMatch(/messageId/);
  });

  it("refuses a chain longer than the policy's max_chain_depth (5) as chain_too_deep", async () => {
    const chain = ["o1", "o2", "o3", "o4", "o5", a.id];
    const e = cloudEvent(b, "message.validated", validatedData(a.id, b.id, { chain }));
    expect(codes((await postEvents([await signAs(b, e)])).body)).toEqual(["chain_too_deep"]);
  });

  it("refuses a validation or transition reported by anyone but the receiver as not_receiver", async () => {
    const notMine = cloudEvent(a, "message.validated", validatedData(a.id, b.id));
    const res = await postEvents([await signAs(a, notMine)]);
    expect(codes(res.body)).toEqual(["not_receiver"]);
  });

  it("refuses deeply nested JSON and __proto__ keys without polluting anything", async () => {
    let nested: unknown = "x";
    for (let i = 0; i < 200; i++) nested = { n: nested };
    const deep = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" }, { ext: nested });
    const proto = JSON.stringify(cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" })).replace('"data":{', '"data":{"__proto__":{"polluted":true},');
    const res = await postEvents([await signAs(b, deep), await signAs(b, proto)]);
    expect(codes(res.body)).toEqual(["invalid_event", "invalid_event"]);
    expect(res.body.results[1].error.detail).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps the good events of a mixed batch, in order, and rejects only the bad ones", async () => {
    const good1 = cloudEvent(b, "message.validated", validatedData(a.id, b.id));
    const good2 = cloudEvent(b, "memory.write", { recordId: `rec-${randomUUID()}`, partition: b.id, key: "price", valueHash: "a".repeat(64), derivedFrom: [good1.data.messageId as string], chain: [a.id, b.id] });
    const bad = cloudEvent(b, "message.validated", validatedData(a.id, b.id, { anomalyScore: 7 }));
    const batch = [await signAs(b, good1), "not-a-jws", await signAs(b, bad), await signAs(b, good2)];
    const res = await postEvents(batch);
    expect(res.status).toBe(207);
    expect(codes(res.body)).toEqual(["accepted", "malformed_jws", "invalid_event", "accepted"]);
    expect(res.body.results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3]);
    expect(await stored(b.id, good1.id)).toBe(1);
    expect(await stored(b.id, good2.id)).toBe(1);
    expect(await stored(b.id, bad.id)).toBe(0);
    const edge = await getDb().provenanceEdge.findFirst({ where: { childId: good2.data.recordId as string } });
    expect(edge?.parentId).toBe(good1.data.messageId);
  });

  it("a large batch, checked on the worker threads, keeps every result at its index; concurrent batches all land", async () => {
    // 120 events (checked in chunks on the check workers): every 10th tampered, every 15th from the wrong source,
    // one a repeat of an earlier one in the same batch.
    const events = Array.from({ length: 120 }, () => cloudEvent(b, "message.validated", validatedData(a.id, b.id)));
    const batch = await Promise.all(events.map(async (e, i) => {
      if (i % 15 === 7) return signAs(b, { ...e, source: a.id });
      const jws = await signAs(b, e);
      if (i % 10 !== 3) return jws;
      const [h, , sig] = jws.split(".");
      return `${h}.${Buffer.from(JSON.stringify({ ...e, data: { ...e.data, outcome: "rejected" } })).toString("base64url")}.${sig}`;
    }));
    batch[119] = batch[0];
    const expected = batch.map((_, i) => (i === 119 ? "duplicate" : i % 15 === 7 ? "source_mismatch" : i % 10 === 3 ? "bad_signature" : "accepted"));
    const other = await Promise.all(Array.from({ length: 3 }, async () =>
      Promise.all(Array.from({ length: 40 }, () => signAs(b, cloudEvent(b, "message.validated", validatedData(a.id, b.id)))))));
    const [res, ...others] = await Promise.all([postEvents(batch), ...other.map((o) => postEvents(o))]);
    expect(codes(res.body)).toEqual(expected);
    expect(res.body.results.map((r: { index: number }) => r.index)).toEqual(batch.map((_, i) => i));
    expect(res.body.results[5].id).toBe(events[5].id);
    for (const o of others) expect(o.body.accepted).toBe(40);
    const ids = events.filter((_, i) => expected[i] === "accepted").map((e) => e.id);
    expect(await getDb().event.count({ where: { source: b.id, eventId: { in: ids } } })).toBe(ids.length);
    expect(await getDb().event.count({ where: { eventId: { in: events.filter((_, i) => expected[i] !== "accepted" && i !== 119).map((e) => e.id) } } })).toBe(0);
  });

  it("moves the boundary by transition seq; an older or repeated seq is stored but does not move it", async () => {
    const id = boundaryId(a.id, b.id);
    const res = await postEvents([await signAs(b, transition(10, "CLOSED", "OPEN"))]);
    expect(codes(res.body)).toEqual(["accepted"]);
    let boundary = await getDb().boundary.findUniqueOrThrow({ where: { id } });
    expect(boundary).toMatchObject({ state: "OPEN", lastSeq: 10, epoch: 1 });
    await postEvents([await signAs(b, transition(9, "OPEN", "HALF_OPEN")), await signAs(b, transition(10, "OPEN", "HALF_OPEN"))]);
    boundary = await getDb().boundary.findUniqueOrThrow({ where: { id } });
    expect(boundary.state).toBe("OPEN");
    expect(await getDb().breakerTransition.count({ where: { boundaryId: id, applied: false } })).toBe(2);
  });
});

describe("ingest: counters past 32 bits", () => {
  let up: TestAgent;
  let down: TestAgent;
  beforeAll(async () => {
    up = await createTestAgent("wide-up");
    down = await createTestAgent("wide-down");
  });
  const wide = (seq: number, from: string, to: string, over: Record<string, unknown> = {}) =>
    cloudEvent(down, "breaker.transition", { sender: up.id, receiver: down.id, seq, from, to, reason: "test", failureCount: 3, anomalyRate: 0.2, ...over });

  it("a seq of 2^31 and 2^40 (and failureCount, fanOut, count past 2^31) is stored, moves the breaker and reads back as a number", async () => {
    const batch = [
      wide(2 ** 31, "CLOSED", "OPEN", { failureCount: 2 ** 31 }),
      wide(2 ** 40, "OPEN", "CLOSED"),
      cloudEvent(down, "message.validated", validatedData(up.id, down.id, { fanOut: 2 ** 40 })),
      cloudEvent(down, "policy.violation", { rule: "rate", detail: "x", count: 2 ** 40 }),
    ];
    const res = await postEvents(await Promise.all(batch.map((e) => signAs(down, e))));
    expect(res.status).toBe(207);
    expect(codes(res.body)).toEqual(["accepted", "accepted", "accepted", "accepted"]);
    const id = boundaryId(up.id, down.id);
    const boundary = await getDb().boundary.findUniqueOrThrow({ where: { id } });
    expect(boundary).toMatchObject({ state: "CLOSED", lastSeq: 2 ** 40, epoch: 1 });
    const transitions = await getDb().breakerTransition.findMany({ where: { boundaryId: id }, orderBy: { seq: "asc" } });
    expect(transitions.map((t) => [t.seq, t.failureCount, t.applied])).toEqual([[2 ** 31, 2 ** 31, true], [2 ** 40, 3, true]]);
    const validation = await getDb().messageValidation.findFirstOrThrow({ where: { messageId: batch[2].data.messageId as string } });
    const violation = await getDb().policyViolation.findFirstOrThrow({ where: { agentId: down.id } });
    expect([validation.fanOut, violation.count]).toEqual([2 ** 40, 2 ** 40]);
    // Numbers, not BigInt, on both databases: what a JSON response can carry.
    expect(JSON.parse(JSON.stringify({ boundary, transitions }))).toMatchObject({ boundary: { lastSeq: 2 ** 40 } });
    const events = await getDb().event.findMany({ where: { source: down.id }, select: { seq: true } });
    expect(events.every((e) => typeof e.seq === "number")).toBe(true);
  });

  it("a counter above 2^53 − 1 is refused alone as invalid_event naming the bound; its neighbours are stored", async () => {
    const fine = [wide(2 ** 41, "CLOSED", "OPEN"), cloudEvent(down, "message.validated", validatedData(up.id, down.id, { fanOut: 2 ** 53 - 1 }))];
    const batch = [
      wide(2 ** 53, "OPEN", "CLOSED"),
      fine[0],
      cloudEvent(down, "message.validated", validatedData(up.id, down.id, { fanOut: 2 ** 60 })),
      cloudEvent(down, "policy.violation", { rule: "rate", detail: "x", count: 2 ** 53 }),
      fine[1],
    ];
    const res = await postEvents(await Promise.all(batch.map((e) => signAs(down, e))));
    expect(res.status).toBe(207);
    expect(codes(res.body)).toEqual(["invalid_event", "accepted", "invalid_event", "invalid_event", "accepted"]);
    expect(res.body.results[0].error.detail).toMatch(/9007199254740991/);
    expect(await getDb().event.count({ where: { source: down.id, eventId: { in: batch.map((e) => e.id) } } })).toBe(2);
    expect(await getDb().breakerTransition.count({ where: { boundaryId: boundaryId(up.id, down.id), seq: 2 ** 41 } })).toBe(1);
    expect(await getDb().messageValidation.count({ where: { messageId: fine[1].data.messageId as string, fanOut: 2 ** 53 - 1 } })).toBe(1);
  });
});

describe("ingest: whole-request failures are problem+json", () => {
  it("415 for a wrong content type", async () => {
    const res = await postEvents([], { headers: { "content-type": "text/plain" }, body: "{}" });
    expect(res.status).toBe(415);
    expect(res.contentType).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("400 for a body that is not JSON, an empty batch and a wrong shape", async () => {
    for (const body of ["{not json", JSON.stringify({ events: [] }), JSON.stringify({ events: "x" }), JSON.stringify([1, 2])]) {
      const res = await postEvents([], { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("bad_request");
    }
  });

  it("413 for more than 500 events or more than 1 MiB, and nothing of it is stored", async () => {
    const e = cloudEvent(b, "policy.violation", { rule: "rate", detail: "x" });
    const jws = await signAs(b, e);
    const many = await postEvents(Array.from({ length: 501 }, () => jws));
    expect(many.status).toBe(413);
    const big = await postEvents(["x".repeat(1024 * 1024 + 10)]);
    expect(big.status).toBe(413);
    expect(await stored(b.id, e.id)).toBe(0);
  });
});
