import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initialBreakerState, type TBreakerState } from "../../../lib/domain/breaker-state.ts";
import { silentLogger, type TOutgoingEvent } from "../../../sdk/index.ts";
import { MAX_SAVED_OTHERS, reportsToSave } from "../../../sidecar/pending-reports.ts";
import { BreakerFileWriter, loadBreakerFile, type TBreakerFileOptions } from "../../../sidecar/breaker-file.ts";
import { SidecarConfigError } from "../../../sidecar/config.ts";

const dir = mkdtempSync(path.join(tmpdir(), "fb-breaker-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(dir, `b-${++n}.json`);

const writer = (o: Partial<TBreakerFileOptions> & Pick<TBreakerFileOptions, "file" | "breakers">) => new BreakerFileWriter({ agent: "buyer", logger: silentLogger, ...o });

const open: TBreakerState = { ...initialBreakerState(), state: "OPEN", epoch: 2, seq: 3, trippedAt: 1_000, cooldownEndsAt: 301_000, tripsHistory: [1_000] };

let ids = 0;
const event = (type: TOutgoingEvent["type"], data: Record<string, unknown>, source = "buyer"): TOutgoingEvent =>
  ({ specversion: "1.0", id: `evt-${++ids}`, source, type, time: "2026-12-01T05:00:00.000Z", data });
const trip = (seq = 3) => event("firebreak.breaker.transition", { sender: "seller", receiver: "buyer", seq, from: "CLOSED", to: "OPEN", reason: "failure_threshold", failureCount: 3, anomalyRate: 0.5 });
const rejected = (n: number) => event("firebreak.message.validated", {
  messageId: `m-${n}`, sender: "seller", receiver: "buyer", outcome: "rejected", reasons: ["price: must be >= 0"], anomalyScore: 0, chain: ["seller"], parents: [], fanOut: 1,
});

describe("sidecar: the breaker-state file", () => {
  it("no file is a first start: no saved breakers", () => {
    expect(loadBreakerFile(fresh(), "buyer")).toEqual({ breakers: {}, reports: [] });
  });

  it("what is saved is read back as it was (an OPEN breaker stays OPEN at its epoch and seq), and no temporary file is left", () => {
    const file = fresh();
    const states: Record<string, TBreakerState> = { seller: open };
    writer({ file, breakers: () => states }).changed("seller", open);
    expect(loadBreakerFile(file, "buyer")).toEqual({ breakers: { seller: open }, reports: [] });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a change of state is on disk when changed() returns; a change of the window only is written later, and on save()", () => {
    const file = fresh();
    const states: Record<string, TBreakerState> = { seller: initialBreakerState() };
    const w = writer({ file, breakers: () => states, lazyMs: 60_000 });
    w.changed("seller", states.seller);
    const windowOnly = { ...states.seller, window: [{ t: 5, anomalous: false, rejected: true }], failures: 1 };
    states.seller = windowOnly;
    w.changed("seller", windowOnly);
    expect(loadBreakerFile(file, "buyer").breakers.seller.failures).toBe(0);
    states.seller = open;
    w.changed("seller", open);
    expect(loadBreakerFile(file, "buyer").breakers.seller.state).toBe("OPEN");
    states.seller = { ...open, window: windowOnly.window };
    w.changed("seller", states.seller);
    w.save();
    expect(loadBreakerFile(file, "buyer").breakers.seller.window).toHaveLength(1);
  });

  it.each([
    ["half a file", '{"version":1,"agent":"buyer","breakers":{"seller":{"state":"OP'],
    ["an empty file", ""],
    ["an unknown state", JSON.stringify({ version: 1, agent: "buyer", breakers: { seller: { ...open, state: "AJAR" } } })],
    ["a negative epoch", JSON.stringify({ version: 1, agent: "buyer", breakers: { seller: { ...open, epoch: -1 } } })],
    ["another format version", JSON.stringify({ version: 2, agent: "buyer", breakers: {} })],
  ])("%s is a clear error naming the file, never a silent CLOSED start", (_what, text) => {
    const file = fresh();
    writeFileSync(file, text);
    expect(() => loadBreakerFile(file, "buyer")).toThrow(SidecarConfigError);
    expect(() => loadBreakerFile(file, "buyer")).toThrow(file);
    expect(readFileSync(file, "utf8")).toBe(text); // left as it was, for the operator to look at
  });

  it("another agent's file is refused (a sidecar never takes over someone else's breakers)", () => {
    const file = fresh();
    writer({ file, agent: "seller", breakers: () => ({ buyer: open }) }).save();
    expect(() => loadBreakerFile(file, "buyer")).toThrow(/holds the breakers of seller, not of buyer/);
  });

  it("a file that cannot be written is logged once and enforcement goes on (the old file is kept)", () => {
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (m: string) => void errors.push(m) };
    const w = writer({ file: path.join(dir, "missing-dir", "b.json"), breakers: () => ({ seller: open }), logger });
    w.changed("seller", open);
    w.changed("seller", { ...open, seq: 4 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not save the breaker states/);
    expect(existsSync(path.join(dir, "missing-dir"))).toBe(false);
  });

  it("a breaker transition is on disk with the new state when queued() returns, with the reports queued before it; ordinary reports alone wait", () => {
    const file = fresh();
    const queue: TOutgoingEvent[] = [];
    const states: Record<string, TBreakerState> = { seller: initialBreakerState() };
    const w = writer({ file, breakers: () => states, reports: () => queue, lazyMs: 60_000 });
    w.save();
    queue.push(rejected(1));
    w.queued(queue[0], false);
    expect(loadBreakerFile(file, "buyer").reports).toEqual([]); // no fsync per ordinary message
    states.seller = open;
    queue.push(trip());
    w.queued(queue[1], true);
    expect(loadBreakerFile(file, "buyer")).toEqual({ breakers: { seller: open }, reports: queue });
    queue.splice(0);
    w.settled();
    expect(loadBreakerFile(file, "buyer").reports).toHaveLength(2); // acknowledged ones leave the file lazily (a restart re-sends them: duplicates)
    w.save();
    expect(loadBreakerFile(file, "buyer").reports).toEqual([]);
  });

  it("the file keeps every breaker transition and the oldest other reports up to its bound, in queue order", () => {
    const others = Array.from({ length: MAX_SAVED_OTHERS + 5 }, (_, i) => rejected(i));
    const queue = [others[0], trip(3), ...others.slice(1), trip(4)];
    const { saved, left } = reportsToSave(queue);
    expect(left).toBe(5);
    expect(saved).toHaveLength(MAX_SAVED_OTHERS + 2);
    expect(saved.slice(0, 2)).toEqual(queue.slice(0, 2));
    expect(saved.at(-1)).toEqual(queue.at(-1));
    expect(saved.at(-2)).toEqual(others[MAX_SAVED_OTHERS - 1]);
  });

  const withReports = (reports: unknown[]) => JSON.stringify({ version: 1, agent: "buyer", breakers: { seller: open }, reports });
  it.each([
    ["a file cut short inside its pending reports", withReports([trip()]).slice(0, -60)],
    ["a pending report with a broken seq", withReports([{ ...trip(), data: { ...trip().data, seq: -1 } }])],
    ["a pending report of an unknown type", withReports([{ ...trip(), type: "firebreak.breaker.ajar" }])],
    ["a pending report without an id", withReports([{ ...trip(), id: "" }])],
    ["a pending report of another agent", withReports([trip(), event("firebreak.policy.violation", { rule: "rate", detail: "x" }, "seller")])],
  ])("%s is a clear error naming the file: a pending trip report is never dropped silently", (_what, text) => {
    const file = fresh();
    writeFileSync(file, text);
    expect(() => loadBreakerFile(file, "buyer")).toThrow(SidecarConfigError);
    expect(() => loadBreakerFile(file, "buyer")).toThrow(`breakerStateFile ${file}`);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});
