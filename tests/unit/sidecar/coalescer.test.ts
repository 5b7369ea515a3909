import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Coalescer, type TCoalesced } from "../../../sidecar/coalescer.ts";

let now = 0;
const W = 10_000;
const emitted: TCoalesced<string>[] = [];
const later = (ms: number) => ((now += ms), vi.advanceTimersByTime(ms));
const counts = () => emitted.map((c) => `${c.key}:${c.count}:${c.last}`);

beforeEach(() => {
  vi.useFakeTimers();
  now = 1_000_000;
  emitted.length = 0;
});
afterEach(() => vi.useRealTimers());

describe("Coalescer: at most one emission per key and window, each carrying how many items it stands for", () => {
  it("the first item of a quiet key goes at once; the rest of its window together when the window ends; keys are apart", () => {
    const c = new Coalescer<string>({ windowMs: W, now: () => now, emit: (e) => emitted.push(e) });
    c.note("a", "1");
    expect(counts()).toEqual(["a:1:1"]);
    for (let i = 2; i <= 1000; i++) c.note("a", String(i));
    c.note("b", "x");
    expect(counts()).toEqual(["a:1:1", "b:1:x"]);
    later(W);
    expect(counts()).toEqual(["a:1:1", "b:1:x", "a:999:1000"]);
    expect(emitted[2].since).toBe(1_000_000);
    later(W);
    c.note("a", "again"); // quiet for a window: at once
    expect(counts().at(-1)).toBe("a:1:again");
  });

  it("a key that may not emit keeps counting and tries again a window later; flush emits what is left, whatever the windows", () => {
    let may = false;
    const c = new Coalescer<string>({ windowMs: W, now: () => now, emit: (e) => emitted.push(e), mayEmit: () => may });
    for (let i = 0; i < 5; i++) c.note("a", String(i));
    later(3 * W);
    expect(emitted).toEqual([]);
    may = true;
    c.note("a", "5");
    later(W);
    expect(counts()).toEqual(["a:6:5"]);
    c.note("a", "6");
    c.note("a", "7");
    c.flush();
    expect(counts()).toEqual(["a:6:5", "a:2:7"]);
  });
});
