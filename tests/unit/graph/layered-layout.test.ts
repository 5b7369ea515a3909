import { describe, expect, it } from "vitest";
import { layeredPositions, layersOf } from "../../../components/graph/layered-layout.ts";

const e = (source: string, target: string) => ({ source, target });

describe("layered layout", () => {
  it("puts a pipeline's stages one below the other, roots on top", () => {
    const layers = layersOf(["c", "a", "b", "d"], [e("a", "b"), e("b", "c"), e("c", "d")]);
    expect(Object.fromEntries(layers)).toEqual({ a: 0, b: 1, c: 2, d: 3 });
    const pos = layeredPositions(["c", "a", "b", "d"], [e("a", "b"), e("b", "c"), e("c", "d")]);
    expect(pos.get("a")!.y).toBeLessThan(pos.get("b")!.y);
    expect(pos.get("c")!.y).toBeLessThan(pos.get("d")!.y);
  });

  it("still places every node of a cycle and every lone agent", () => {
    const layers = layersOf(["x", "y", "z", "lone"], [e("x", "y"), e("y", "z"), e("z", "x")]);
    expect(layers.size).toBe(4);
    expect(layers.get("lone")).toBe(0);
    expect(new Set([layers.get("x"), layers.get("y"), layers.get("z")])).toEqual(new Set([0, 1, 2]));
  });

  it("ignores boundaries to agents that are not drawn, and self-loops", () => {
    expect(Object.fromEntries(layersOf(["a", "b"], [e("a", "b"), e("b", "ghost"), e("a", "a")]))).toEqual({ a: 0, b: 1 });
  });

  it("orders children under their parents to keep crossings down", () => {
    // left → l1, right → r1: the child of the leftmost parent lands to the left.
    const pos = layeredPositions(["left", "right", "r1", "l1"], [e("right", "r1"), e("left", "l1")]);
    expect(Math.sign(pos.get("l1")!.x - pos.get("r1")!.x)).toBe(Math.sign(pos.get("left")!.x - pos.get("right")!.x));
  });

  it("wraps a wide layer into several rows and keeps every position distinct", () => {
    const kids = Array.from({ length: 100 }, (_, i) => `k${i}`);
    const pos = layeredPositions(["root", ...kids], kids.map((k) => e("root", k)));
    const rows = new Set(kids.map((k) => pos.get(k)!.y));
    expect(rows.size).toBeGreaterThan(1);
    expect(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size).toBe(101);
  });

  it("places every one of 1,000 agents with 3,000 boundaries (timing is the benchmark's job)", () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => `n${i}`);
    const edges = Array.from({ length: 3000 }, (_, i) => e(`n${(i * 7) % 900}`, `n${100 + ((i * 13) % 900)}`));
    expect(layeredPositions(nodes, edges).size).toBe(1000);
  });
});
