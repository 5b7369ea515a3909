import { describe, expect, it } from "vitest";
import {
  EVENT_DATA_SCHEMAS, EVENT_TYPES, ZCloudEvent, ZFirebreakEvent, parseFirebreakEvent, type TEventType, type TFirebreakEvent,
} from "../../../lib/domain/events.ts";

const HASH = "a".repeat(64);

// One valid `data` for each type, as docs/architecture.md#events specifies it.
const DATA: Record<TEventType, Record<string, unknown>> = {
  "firebreak.message.validated": {
    messageId: "msg-1", sender: "researcher", receiver: "planner", outcome: "rejected", reasons: ["bad_signature"],
    anomalyScore: 0.7, chain: ["crawler", "researcher"], parents: ["msg-0", "rec-9"], fanOut: 2,
  },
  "firebreak.breaker.transition": {
    sender: "researcher", receiver: "planner", seq: 4, from: "OPEN", to: "HALF_OPEN", reason: "approved",
    failureCount: 3, anomalyRate: 0.2, approvalId: "apr-1",
  },
  "firebreak.memory.write": {
    recordId: "rec-1", partition: "planner", key: "plan/today", valueHash: HASH, derivedFrom: ["msg-1"], chain: ["planner"],
  },
  "firebreak.memory.read": { recordId: "rec-1", partition: "researcher", key: "notes", grantId: "grant-1" },
  "firebreak.policy.violation": { rule: "fan_out", detail: "4 receivers in one message", messageId: "msg-2", count: 4 },
};

// The fields each type cannot do without.
const REQUIRED: Record<TEventType, string[]> = {
  "firebreak.message.validated": ["messageId", "sender", "receiver", "outcome", "reasons", "anomalyScore", "chain", "parents", "fanOut"],
  "firebreak.breaker.transition": ["sender", "receiver", "seq", "from", "to", "reason", "failureCount", "anomalyRate"],
  "firebreak.memory.write": ["recordId", "partition", "key", "valueHash", "derivedFrom", "chain"],
  "firebreak.memory.read": ["recordId", "partition", "key"],
  "firebreak.policy.violation": ["rule", "detail"],
};

const event = (type: TEventType, data: Record<string, unknown> = DATA[type], extra: Record<string, unknown> = {}) => ({
  specversion: "1.0", id: "evt-1", source: "planner", type, time: "2026-11-27T10:00:00.000Z", data, ...extra,
});

const paths = (r: ReturnType<typeof parseFirebreakEvent>) => (r.ok ? [] : r.issues.map((i) => i.path));

describe("event data", () => {
  it.each(EVENT_TYPES)("events: a valid %s is accepted", (type) => {
    const r = parseFirebreakEvent(event(type));
    expect(r).toEqual({ ok: true, event: event(type) });
  });

  it.each(EVENT_TYPES)("events: parsing a %s gives what ZFirebreakEvent gives, extension attributes and all", (type) => {
    const e = event(type, DATA[type], { traceparent: "00-abc-def-01", subject: "s" });
    expect(parseFirebreakEvent(e)).toEqual({ ok: true, event: ZFirebreakEvent.parse(e) });
    const broken = event(type, { ...DATA[type], extra: 1 });
    expect(paths(parseFirebreakEvent(broken))).toEqual(ZFirebreakEvent.safeParse(broken).error!.issues.map((i) => [...i.path, ...("keys" in i ? i.keys : [])].join(".")));
  });

  it.each(EVENT_TYPES.flatMap((t) => REQUIRED[t].map((f) => [t, f] as const)))("events: %s without %s is refused", (type, field) => {
    const { [field]: _, ...data } = DATA[type];
    const r = parseFirebreakEvent(event(type, data));
    expect(r).toMatchObject({ ok: false, code: "invalid_event" });
    expect(paths(r)).toContain(`data.${field}`);
  });

  it.each(EVENT_TYPES)("events: a %s with a misspelt extra field is refused by name", (type) => {
    const r = parseFirebreakEvent(event(type, { ...DATA[type], anomalyScroe: 0.1 }));
    expect(paths(r)).toEqual(["data.anomalyScroe"]);
  });

  it("events: the optional approvalId, grantId, messageId and count may be left out", () => {
    const drop = (type: TEventType, key: string) => {
      const { [key]: _, ...rest } = DATA[type];
      return parseFirebreakEvent(event(type, rest)).ok;
    };
    expect(drop("firebreak.breaker.transition", "approvalId")).toBe(true);
    expect(drop("firebreak.memory.read", "grantId")).toBe(true);
    expect(drop("firebreak.policy.violation", "messageId")).toBe(true);
    expect(drop("firebreak.policy.violation", "count")).toBe(true);
  });

  const bad: [string, TEventType, Record<string, unknown>, string][] = [
    ["an anomaly score above 1", "firebreak.message.validated", { anomalyScore: 1.01 }, "data.anomalyScore"],
    ["a negative fan-out", "firebreak.message.validated", { fanOut: -1 }, "data.fanOut"],
    ["51 reasons", "firebreak.message.validated", { reasons: Array(51).fill("x") }, "data.reasons"],
    ["a chain of 65 agents", "firebreak.message.validated", { chain: [...Array(64).fill("aa"), "researcher"] }, "data.chain"],
    ["a chain not ending with the sender", "firebreak.message.validated", { chain: ["crawler"] }, "data.chain"],
    ["a chain holding an empty id", "firebreak.message.validated", { chain: ["", "researcher"] }, "data.chain[0]"],
    ["257 parents", "firebreak.message.validated", { parents: Array(257).fill("p") }, "data.parents"],
    ["an empty parent id", "firebreak.message.validated", { parents: [""] }, "data.parents[0]"],
    ["a 201-character message id", "firebreak.message.validated", { messageId: "m".repeat(201) }, "data.messageId"],
    ["an unknown outcome", "firebreak.message.validated", { outcome: "maybe" }, "data.outcome"],
    ["a negative seq", "firebreak.breaker.transition", { seq: -1 }, "data.seq"],
    ["a fractional seq", "firebreak.breaker.transition", { seq: 1.5 }, "data.seq"],
    ["a seq beyond safe integers", "firebreak.breaker.transition", { seq: 2 ** 53 }, "data.seq"],
    ["an unknown breaker state", "firebreak.breaker.transition", { to: "HALF-OPEN" }, "data.to"],
    ["an anomaly rate above 1", "firebreak.breaker.transition", { anomalyRate: 2 }, "data.anomalyRate"],
    ["an uppercase value hash", "firebreak.memory.write", { valueHash: "A".repeat(64) }, "data.valueHash"],
    ["a short value hash", "firebreak.memory.write", { valueHash: "a".repeat(63) }, "data.valueHash"],
    ["257 derivedFrom ids", "firebreak.memory.write", { derivedFrom: Array(257).fill("r") }, "data.derivedFrom"],
    ["a malformed partition", "firebreak.memory.read", { partition: "Research" }, "data.partition"],
    ["an unknown violation rule", "firebreak.policy.violation", { rule: "too_many" }, "data.rule"],
  ];
  it.each(bad)("events: %s is refused", (_name, type, patch, path) => {
    expect(paths(parseFirebreakEvent(event(type, { ...DATA[type], ...patch })))).toContain(path);
  });
});

describe("CloudEvents envelope", () => {
  const type = "firebreak.memory.read" as const;
  const refusedAt = (payload: unknown) => paths(parseFirebreakEvent(payload));

  it.each(["specversion", "id", "source", "type", "time", "data"])("events: an event without %s is refused", (key) => {
    const { [key]: _, ...rest } = event(type) as Record<string, unknown>;
    expect(parseFirebreakEvent(rest)).toMatchObject({ ok: false, code: "invalid_event" });
    expect(refusedAt(rest)).toContain(key);
  });

  it("events: only CloudEvents 1.0 is accepted", () => {
    expect(refusedAt(event(type, undefined, { specversion: "0.3" }))).toEqual(["specversion"]);
  });

  it("events: a time without a timezone is refused; offsets and any precision are fine", () => {
    expect(refusedAt(event(type, undefined, { time: "2026-11-27T10:00:00" }))).toEqual(["time"]);
    expect(refusedAt(event(type, undefined, { time: "27/11/2026" }))).toEqual(["time"]);
    expect(parseFirebreakEvent(event(type, undefined, { time: "2026-11-27T11:00:00+01:00" })).ok).toBe(true);
    expect(parseFirebreakEvent(event(type, undefined, { time: "2026-11-27T10:00:00.123456Z" })).ok).toBe(true);
  });

  it("events: ids must be 1 to 200 characters and the source an agent id", () => {
    expect(refusedAt(event(type, undefined, { id: "" }))).toEqual(["id"]);
    expect(refusedAt(event(type, undefined, { id: "e".repeat(201) }))).toEqual(["id"]);
    expect(parseFirebreakEvent(event(type, undefined, { id: "e".repeat(200) })).ok).toBe(true);
    expect(refusedAt(event(type, undefined, { source: "https://example.com/agent" }))).toEqual(["source"]);
  });

  it("events: data must be a JSON object", () => {
    expect(refusedAt({ ...event(type), data: [1, 2] })).toEqual(["data"]);
    expect(refusedAt({ ...event(type), data: "x" })).toEqual(["data"]);
  });

  it("events: optional attributes and extension attributes are kept as sent", () => {
    const extra = { datacontenttype: "application/json", subject: "planner", dataschema: "https://x/s.json", traceparent: "00-abc-01", retries: 2 };
    const r = parseFirebreakEvent(event(type, undefined, extra));
    expect(r).toEqual({ ok: true, event: event(type, undefined, extra) });
    expect(ZCloudEvent.parse(event(type, undefined, extra))).toMatchObject(extra);
  });

  it("events: extension attributes with names outside a-z0-9 or object values are refused", () => {
    expect(refusedAt(event(type, undefined, { traceParent: "x" }))).toEqual(["traceParent"]);
    expect(refusedAt(event(type, undefined, { data_base64: "eA==" }))).toEqual(["data_base64"]);
    expect(refusedAt(event(type, undefined, { trace: { nested: 1 } }))).toEqual(["trace"]);
  });

  it("events: an unknown type is told apart from a malformed event", () => {
    const r = parseFirebreakEvent({ ...event(type), type: "firebreak.message.validatd" });
    expect(r).toMatchObject({ ok: false, code: "unknown_type" });
  });

  it("events: the envelope schema accepts any type so ingest can answer unknown_type", () => {
    expect(ZCloudEvent.safeParse({ ...event(type), type: "com.example.other" }).success).toBe(true);
    expect(EVENT_DATA_SCHEMAS[type].safeParse(DATA[type]).success).toBe(true);
  });

  it("events: narrowing on the type gives typed data", () => {
    const e: TFirebreakEvent = ZFirebreakEvent.parse(event("firebreak.breaker.transition"));
    if (e.type !== "firebreak.breaker.transition") throw new Error("narrowing failed");
    const seq: number = e.data.seq;
    expect(seq).toBe(4);
  });
});
