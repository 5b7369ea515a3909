import { describe, expect, it } from "vitest";
import { blastRadius, chainDepth, extendChain, isValidChain, lineage, type TEdge } from "../../../lib/domain/provenance.ts";

describe("chains", () => {
  it("provenance: forwarding appends the forwarder to the chain, origin first", () => {
    const chain = extendChain(extendChain([], "origin"), "relay");
    expect(chain).toEqual(["origin", "relay"]);
    expect(chainDepth(chain)).toBe(2);
  });

  it("provenance: extending never changes the received chain", () => {
    const received = Object.freeze(["origin"]);
    extendChain(received, "relay");
    expect(received).toEqual(["origin"]);
  });

  it("provenance: an empty or malformed agent id is refused", () => {
    expect(() => extendChain(["origin"], "")).toThrow(RangeError);
    expect(() => extendChain(["", "relay"], "next")).toThrow(/empty or malformed/);
    expect(isValidChain(["origin", ""])).toBe(false);
    expect(isValidChain(["origin", 7])).toBe(false);
    expect(isValidChain(["origin", "relay"])).toBe(true);
    expect(isValidChain(Array(65).fill("aa"))).toBe(false);
  });
});

describe("blast radius", () => {
  // r1 → m1 → m2 → m3 → m4, m1 → m5, a cycle m3 → m1, and a diamond r1 → m2.
  const edges: TEdge[] = [
    { from: "r1", to: "m1" }, { from: "m1", to: "m2" }, { from: "m2", to: "m3" }, { from: "m3", to: "m4" },
    { from: "m1", to: "m5" }, { from: "m3", to: "m1" }, { from: "r1", to: "m2" }, { from: "x", to: "y" },
  ];

  it("provenance: the blast radius lists everything downstream, nearest first, within the depth", () => {
    expect(blastRadius(edges, "r1", 2)).toEqual([
      { id: "m1", depth: 1 }, { id: "m2", depth: 1 }, { id: "m3", depth: 2 }, { id: "m5", depth: 2 },
    ]);
  });

  it("provenance: cycles and diamonds list each node once, at its shortest distance", () => {
    const all = blastRadius(edges, "r1", 10);
    expect(all.map((n) => n.id)).toEqual(["m1", "m2", "m3", "m5", "m4"]);
    expect(all.find((n) => n.id === "m4")?.depth).toBe(3);
  });

  it("provenance: depth 0 and unknown starts give an empty radius", () => {
    expect(blastRadius(edges, "r1", 0)).toEqual([]);
    expect(blastRadius(edges, "nope", 5)).toEqual([]);
  });

  it("provenance: several tainted starts are walked together", () => {
    expect(blastRadius(edges, ["m3", "x"], 1)).toEqual([{ id: "m1", depth: 1 }, { id: "m4", depth: 1 }, { id: "y", depth: 1 }]);
  });

  it("provenance: the lineage walks upstream to the origins", () => {
    expect(lineage(edges, "m4", 3)).toEqual([{ id: "m3", depth: 1 }, { id: "m2", depth: 2 }, { id: "m1", depth: 3 }, { id: "r1", depth: 3 }]);
  });
});
