import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initialBreakerState, type TBreakerState } from "../../../lib/domain/breaker-state.ts";
import { silentLogger } from "../../../sdk/index.ts";
import { BreakerFileWriter, loadBreakerFile } from "../../../sidecar/breaker-file.ts";
import { SidecarConfigError } from "../../../sidecar/config.ts";

const dir = mkdtempSync(path.join(tmpdir(), "fb-breaker-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(dir, `b-${++n}.json`);

const open: TBreakerState = { ...initialBreakerState(), state: "OPEN", epoch: 2, seq: 3, trippedAt: 1_000, cooldownEndsAt: 301_000, tripsHistory: [1_000] };

describe("sidecar: the breaker-state file", () => {
  it("no file is a first start: no saved breakers", () => {
    expect(loadBreakerFile(fresh(), "buyer")).toEqual({});
  });

  it("what is saved is read back as it was (an OPEN breaker stays OPEN at its epoch and seq), and no temporary file is left", () => {
    const file = fresh();
    const states: Record<string, TBreakerState> = { seller: open };
    new BreakerFileWriter(file, "buyer", () => states, silentLogger).changed("seller", open);
    expect(loadBreakerFile(file, "buyer")).toEqual({ seller: open });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a change of state is on disk when changed() returns; a change of the window only is written later, and on save()", () => {
    const file = fresh();
    const states: Record<string, TBreakerState> = { seller: initialBreakerState() };
    const writer = new BreakerFileWriter(file, "buyer", () => states, silentLogger, 60_000);
    writer.changed("seller", states.seller);
    const windowOnly = { ...states.seller, window: [{ t: 5, anomalous: false, rejected: true }], failures: 1 };
    states.seller = windowOnly;
    writer.changed("seller", windowOnly);
    expect(loadBreakerFile(file, "buyer").seller.failures).toBe(0);
    states.seller = open;
    writer.changed("seller", open);
    expect(loadBreakerFile(file, "buyer").seller.state).toBe("OPEN");
    states.seller = { ...open, window: windowOnly.window };
    writer.changed("seller", states.seller);
    writer.save();
    expect(loadBreakerFile(file, "buyer").seller.window).toHaveLength(1);
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
    new BreakerFileWriter(file, "seller", () => ({ buyer: open }), silentLogger).save();
    expect(() => loadBreakerFile(file, "buyer")).toThrow(/holds the breakers of seller, not of buyer/);
  });

  it("a file that cannot be written is logged once and enforcement goes on (the old file is kept)", () => {
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (m: string) => void errors.push(m) };
    const writer = new BreakerFileWriter(path.join(dir, "missing-dir", "b.json"), "buyer", () => ({ seller: open }), logger);
    writer.changed("seller", open);
    writer.changed("seller", { ...open, seq: 4 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not save the breaker states/);
    expect(existsSync(path.join(dir, "missing-dir"))).toBe(false);
  });
});
