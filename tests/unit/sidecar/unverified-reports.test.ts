import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger, type TAgentContext } from "../../../sdk/index.ts";
import { UnverifiedReports } from "../../../sidecar/unverified-reports.ts";

const W = 10_000;
let now = 0;
let queue: { id: string; type: string; data: { rule: string; detail: string; count?: number } }[] = [];
let sent: typeof queue = [];
const ctx = {
  clock: { now: () => now, sleep: async () => {} },
  logger: silentLogger,
  reporter: {
    report: (type: string, data: (typeof queue)[number]["data"]) => (queue.push({ id: `e${queue.length + sent.length}`, type, data }), queue.at(-1)!.id),
    queuedEvents: () => queue,
  },
} as unknown as TAgentContext;
const later = (ms: number) => ((now += ms), vi.advanceTimersByTime(ms));
const deliver = () => ((sent = [...sent, ...queue]), (queue = []));
const counted = () => [...sent, ...queue].reduce((n, e) => n + (e.data.count ?? 0), 0);

beforeEach(() => {
  vi.useFakeTimers();
  [now, queue, sent] = [1_000_000, [], []];
});
afterEach(() => vi.useRealTimers());

describe("UnverifiedReports: refusals anyone can cause take at most one place in the queue per reason, never a place in a full one, and every one is counted", () => {
  it("while nothing is sent, a reason keeps one report queued and counts the rest; once it is sent, the rest goes in one report", () => {
    const r = new UnverifiedReports(ctx, 100, W);
    for (let i = 0; i < 5000; i++) r.note("unsigned_message", "no_signature", "a message arrived without a Firebreak-Message signature");
    r.note("unknown_sender", "unknown_key", "no published key k1");
    for (let i = 0; i < 10; i++) later(W);
    expect(queue.map((e) => [e.data.rule, e.data.count])).toEqual([["unsigned_message", 1], ["unknown_sender", 1]]);
    deliver();
    later(W);
    expect(queue).toHaveLength(1);
    expect(queue[0].data).toMatchObject({ rule: "unsigned_message", count: 4999, detail: expect.stringMatching(/^4999 messages refused \(no_signature\) since .*; the last: a message arrived/) });
    expect(counted()).toBe(5001);
  });

  it("nothing is queued into a full queue: the count waits for room", () => {
    const r = new UnverifiedReports(ctx, 3, W);
    for (let i = 0; i < 3; i++) queue.push({ id: `other${i}`, type: "firebreak.breaker.transition", data: { rule: "", detail: "" } });
    for (let i = 0; i < 50; i++) r.note("unsigned_message", "bad_digest", "the body does not match", "msg-1");
    later(3 * W);
    expect(queue.map((e) => e.id)).toEqual(["other0", "other1", "other2"]);
    deliver();
    later(W);
    expect(queue.map((e) => e.data.count)).toEqual([50]);
  });

  it("flush reports every count left (on close)", () => {
    const r = new UnverifiedReports(ctx, 100, W);
    for (let i = 0; i < 7; i++) r.note("unsigned_message", "stale", "replayed");
    r.flush();
    expect(counted()).toBe(7);
  });
});
