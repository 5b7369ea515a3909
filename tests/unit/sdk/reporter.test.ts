import { afterEach, describe, expect, it, vi } from "vitest";
import { loadSigner, Reporter, silentLogger, type TRejectedEvent, type TReporterOptions } from "../../../sdk/index.ts";
import { testClock } from "./support/clock.ts";
import { StubControlPlane } from "./support/control-plane.ts";
import { serve } from "./support/http.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A stub control plane served over real HTTP on 127.0.0.1, a reporter for one agent on it, and the raw POST bodies. */
async function setup(over: Partial<TReporterOptions> = {}) {
  const cp = await StubControlPlane.create();
  const { privateJwk } = await cp.addAgent("reporter-a");
  const posts: string[][] = [];
  const server = await serve(async (req) => {
    if (req.method === "POST") posts.push(((await req.clone().json()) as { events: string[] }).events);
    return cp.handle(req);
  });
  servers.push(server);
  const clock = testClock();
  const rejected: TRejectedEvent[] = [];
  const options: TReporterOptions = {
    controlPlaneUrl: server.url, source: "reporter-a", signer: loadSigner(privateJwk), fetch: globalThis.fetch, clock, logger: silentLogger,
    random: () => 0.5, onRejected: (e) => rejected.push(e), ...over,
  };
  const reporter = new Reporter(options);
  const violation = (n: number) => reporter.report("firebreak.policy.violation", { rule: "rate", detail: `event ${n}`, count: n });
  return { cp, posts, clock, reporter, rejected, violation, options };
}

const details = (cp: StubControlPlane) => cp.ofType("firebreak.policy.violation").map((e) => e.data.detail);

describe("reporter", () => {
  it("retries 503 and 429 with exponential backoff (Retry-After honoured), re-sending the same signed events in order", async () => {
    const s = await setup();
    let calls = 0;
    s.cp.intercept = (path) => {
      if (path !== "/api/v1/events") return undefined;
      calls++;
      if (calls === 1) return new Response("busy", { status: 503 });
      if (calls === 2) return new Response("slow down", { status: 429, headers: { "retry-after": "7" } });
      return undefined;
    };
    for (let i = 0; i < 3; i++) s.violation(i);
    await s.reporter.flush();
    expect(s.posts).toHaveLength(3);
    expect(s.posts[1]).toEqual(s.posts[0]);
    expect(s.posts[2]).toEqual(s.posts[0]);
    expect(details(s.cp)).toEqual(["event 0", "event 1", "event 2"]);
    expect(s.clock.sleeps.filter((ms) => ms !== 200)).toEqual([188, 7000]);
    expect(s.reporter.stats()).toMatchObject({ accepted: 3, queued: 0, rejected: 0 });
  });

  it("network errors are retried; an event delivered twice is a duplicate, not a second event", async () => {
    const s = await setup();
    let failNext = true;
    const flaky: typeof fetch = async (input, init) => {
      if (failNext) {
        failNext = false;
        await globalThis.fetch(input, init); // delivered, but the answer is lost
        throw new TypeError("fetch failed: socket hang up");
      }
      return globalThis.fetch(input, init);
    };
    const r = new Reporter({ ...s.options, fetch: flaky });
    r.report("firebreak.policy.violation", { rule: "rate", detail: "once" });
    await r.flush();
    expect(r.stats()).toMatchObject({ duplicates: 1, queued: 0 });
    expect(details(s.cp)).toEqual(["once"]);
  });

  it("a per-event rejection is surfaced through the callback and never retried", async () => {
    const s = await setup();
    s.cp.intercept = async (path, req) => {
      if (path !== "/api/v1/events") return undefined;
      const { events } = (await req.json()) as { events: string[] };
      return Response.json({ results: events.map((_, index) => (index === 1 ? { index, id: null, status: "rejected", error: { code: "clock_skew", detail: "too old" } } : { index, id: `e${index}`, status: "accepted" })) }, { status: 207 });
    };
    for (let i = 0; i < 3; i++) s.violation(i);
    await s.reporter.flush();
    expect(s.posts).toHaveLength(1);
    expect(s.rejected).toMatchObject([{ type: "firebreak.policy.violation", code: "clock_skew", detail: "too old" }]);
    expect(s.reporter.stats()).toMatchObject({ accepted: 2, rejected: 1 });
  });

  it("a whole request refused with 400 is not retried; its events are surfaced as rejected", async () => {
    const s = await setup();
    s.cp.intercept = (path) => (path === "/api/v1/events" ? new Response("bad", { status: 400 }) : undefined);
    s.violation(1);
    await s.reporter.flush();
    expect(s.posts).toHaveLength(1);
    expect(s.rejected).toMatchObject([{ code: "http_400" }]);
  });

  it("the queue is bounded: beyond maxQueue the oldest events are dropped and counted", async () => {
    const s = await setup({ maxQueue: 5 });
    for (let i = 0; i < 8; i++) s.violation(i);
    expect(s.reporter.stats()).toMatchObject({ queued: 5, dropped: 3 });
    await s.reporter.flush();
    expect(details(s.cp)).toEqual(["event 3", "event 4", "event 5", "event 6", "event 7"]);
  });

  it("batches hold at most batchSize events and go out in order", async () => {
    const s = await setup({ batchSize: 2 });
    for (let i = 0; i < 5; i++) s.violation(i);
    await s.reporter.flush();
    expect(s.posts.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(details(s.cp)).toEqual(["event 0", "event 1", "event 2", "event 3", "event 4"]);
  });

  it("a busy reporter sends full batches: events reported while a POST is under way wait for company, not a POST of their own", async () => {
    let open = () => {};
    const gate = new Promise<void>((r) => (open = r));
    let calls = 0;
    const held: typeof fetch = async (input, init) => (calls++, await gate, globalThis.fetch(input, init));
    const timers: (() => void)[] = [];
    const s = await setup({ batchSize: 3, fetch: held });
    s.options.clock.sleep = () => new Promise<void>((r) => timers.push(r)); // the flush interval passes only when told
    for (let i = 0; i < 3; i++) s.violation(i); // a full batch: sent at once
    await vi.waitFor(() => expect(calls).toBe(1));
    s.violation(3);
    s.violation(4);
    open();
    await vi.waitFor(() => expect(s.reporter.stats().accepted).toBe(3));
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(1);
    expect(s.reporter.stats().queued).toBe(2);
    timers.splice(0).forEach((r) => r()); // the interval is over: what waited goes out together
    await vi.waitFor(() => expect(s.reporter.stats().accepted).toBe(5));
    expect(s.posts.map((p) => p.length)).toEqual([3, 2]);
    expect(details(s.cp)).toEqual(["event 0", "event 1", "event 2", "event 3", "event 4"]);
  });

  it("flush gives up after maxAttempts and keeps the events; close flushes what is queued and refuses more", async () => {
    const s = await setup({ maxAttempts: 2 });
    s.cp.intercept = (path) => (path === "/api/v1/events" ? new Response("down", { status: 502 }) : undefined);
    s.violation(1);
    await expect(s.reporter.flush()).rejects.toMatchObject({ code: "reporter_unavailable" });
    expect(s.reporter.stats().queued).toBe(1);
    s.cp.intercept = undefined;
    s.violation(2);
    expect(await s.reporter.close()).toMatchObject({ accepted: 2, queued: 0 });
    expect(details(s.cp)).toEqual(["event 1", "event 2"]);
    expect(() => s.violation(3)).toThrow(/closed/);
  });

  it("an event whose data breaks the schema is not queued", async () => {
    const s = await setup();
    expect(s.reporter.report("firebreak.policy.violation", { rule: "nope", detail: "x" })).toBe("");
    expect(s.reporter.stats()).toMatchObject({ queued: 0, invalid: 1 });
  });

  const transition = (seq: number) => ({ sender: "seller", receiver: "reporter-a", seq, from: "CLOSED" as const, to: "OPEN" as const, reason: "failure_threshold", failureCount: 3, anomalyRate: 0 });

  it("a full queue drops the oldest ordinary events, never a breaker transition", async () => {
    const s = await setup({ maxQueue: 3 });
    s.reporter.report("firebreak.breaker.transition", transition(1));
    for (let i = 0; i < 4; i++) s.violation(i);
    expect(s.reporter.stats()).toMatchObject({ queued: 3, pending: 1, dropped: 2 });
    await s.reporter.flush();
    expect(s.cp.ofType("firebreak.breaker.transition")).toHaveLength(1);
    expect(details(s.cp)).toEqual(["event 2", "event 3"]);
    expect(s.reporter.stats().pending).toBe(0);
  });

  it("a journal hears each queued event (a transition as one to save now) and each settled batch; restored events go out first, as they were", async () => {
    const heard: string[] = [];
    const s = await setup();
    const unreachable: typeof fetch = () => Promise.reject(new TypeError("fetch failed: connect ECONNREFUSED"));
    const journal = { queued: (e: { type: string }, now: boolean) => void heard.push(`${e.type}:${now}`), settled: () => void heard.push("settled") };
    const first = new Reporter({ ...s.options, fetch: unreachable, maxAttempts: 1, journal });
    first.report("firebreak.breaker.transition", transition(1));
    first.report("firebreak.policy.violation", { rule: "rate", detail: "later" });
    expect(heard).toEqual(["firebreak.breaker.transition:true", "firebreak.policy.violation:false"]);
    const saved = first.queuedEvents();
    const next = new Reporter({ ...s.options, restored: saved });
    expect(next.stats()).toMatchObject({ queued: 2, pending: 1 });
    await next.flush();
    expect(s.cp.events.map((e) => e.id)).toEqual(saved.map((e) => e.id));
    expect(next.stats()).toMatchObject({ accepted: 2, pending: 0, queued: 0 });
    const settled = new Reporter({ ...s.options, journal });
    settled.report("firebreak.policy.violation", { rule: "rate", detail: "sent" });
    await settled.flush();
    expect(heard.at(-1)).toBe("settled");
  });

  it("a breaker transition refused as too old after waiting in the queue is re-sent once, re-dated (same id, first time kept); id_conflict then means stored before", async () => {
    const s = await setup();
    const answers: string[] = [];
    s.cp.intercept = async (path, req) => {
      if (path !== "/api/v1/events") return undefined;
      const { events } = (await req.json()) as { events: string[] };
      const code = answers.shift();
      return Response.json({ results: events.map((_, index) => (code ? { index, id: null, status: "rejected", error: { code, detail: "" } } : { index, id: null, status: "accepted" })) }, { status: 207 });
    };
    const id = s.reporter.report("firebreak.breaker.transition", transition(1));
    s.clock.advance(600_000);
    answers.push("clock_skew");
    await s.reporter.flush();
    expect(s.posts).toHaveLength(2);
    const sent = s.posts.map((p) => JSON.parse(Buffer.from(p[0].split(".")[1], "base64url").toString()) as { id: string; time: string; firebreakfirsttime?: string });
    expect(sent.map((e) => e.id)).toEqual([id, id]);
    expect(sent[1].firebreakfirsttime).toBe(sent[0].time);
    expect(Date.parse(sent[1].time) - Date.parse(sent[0].time)).toBeGreaterThanOrEqual(600_000);
    expect(s.reporter.stats()).toMatchObject({ accepted: 1, rejected: 0, queued: 0 });

    s.reporter.report("firebreak.breaker.transition", transition(2));
    s.clock.advance(600_000);
    answers.push("clock_skew", "id_conflict");
    await s.reporter.flush();
    expect(s.reporter.stats()).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0, queued: 0 });

    s.reporter.report("firebreak.breaker.transition", transition(3)); // fresh, so our own clock is off: not re-dated
    answers.push("clock_skew");
    await s.reporter.flush();
    expect(s.reporter.stats()).toMatchObject({ rejected: 1, queued: 0 });
    expect(s.rejected.map((r) => r.code)).toEqual(["clock_skew"]);
  });
});

