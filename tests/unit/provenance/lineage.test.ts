import { describe, expect, it } from "vitest";
import { lineageElements } from "../../../components/provenance/lineage-elements.ts";
import { hiddenNeighbours, lineageOf, mergeLineage, originsOf, type TLineage, type TLineageNode } from "../../../lib/domain/lineage.ts";

function node(id: string, over: Partial<TLineageNode> = {}): TLineageNode {
  return {
    id, kind: "record", agentId: "feed", time: "2026-11-30T10:00:00.000Z", partition: "feed", valueHash: "a".repeat(64),
    eventSeq: 1, detail: id, side: "upstream", depth: 1, parents: 1, children: 1, ...over,
  };
}

// feed-rec → msg → order (order is the traced node); msg has a second child not drawn.
const base: TLineage = {
  nodes: [node("order", { side: "root", depth: 0, children: 0 }), node("msg", { kind: "message", children: 2 }), node("feed-rec", { depth: 2, parents: 0 })],
  edges: [{ parent: "feed-rec", child: "msg" }, { parent: "msg", child: "order" }],
  truncated: false,
};

describe("lineage graph: merging a hop, what is left to expand", () => {
  it("a node whose parents and children are all drawn has nothing to expand; one with an undrawn child does", () => {
    expect(hiddenNeighbours(base, "order")).toEqual({ parents: 0, children: 0 });
    expect(hiddenNeighbours(base, "msg")).toEqual({ parents: 0, children: 1 });
    expect(hiddenNeighbours(base, "nope")).toEqual({ parents: 0, children: 0 });
  });

  it("merging one more hop around msg adds its other child as expanded, keeps every node and edge once, and is idempotent", () => {
    const hop = lineageOf({
      node: node("msg", { kind: "message", side: "root", depth: 0, children: 2 }),
      upstream: [node("feed-rec", { parents: 0 })],
      downstream: [node("order", { side: "downstream", children: 0 }), node("other", { side: "downstream", children: 0 })],
      edges: [{ parent: "feed-rec", child: "msg" }, { parent: "msg", child: "order" }, { parent: "msg", child: "other" }],
      truncated: false,
    });
    const merged = mergeLineage(base, hop);
    expect(merged.nodes.map((n) => [n.id, n.side])).toEqual([["order", "root"], ["msg", "upstream"], ["feed-rec", "upstream"], ["other", "expanded"]]);
    expect(merged.edges).toHaveLength(3);
    expect(hiddenNeighbours(merged, "msg")).toEqual({ parents: 0, children: 0 });
    expect(mergeLineage(merged, hop)).toEqual(merged);
    expect(originsOf(merged).map((n) => n.id)).toEqual(["feed-rec"]);
  });

  it("draws each node with its id and author, marks the root, origins, expandable and tainted nodes, and edges parent → child", () => {
    const els = lineageElements(base, { root: "order", tainted: new Set(["msg", "order"]) });
    const byId = new Map(els.map((e) => [e.data.id, e]));
    expect(byId.get("order")!.classes.split(" ")).toEqual(expect.arrayContaining(["root", "tainted", "kind-record"]));
    expect(byId.get("feed-rec")!.classes.split(" ")).toContain("origin");
    expect(byId.get("msg")!.classes.split(" ")).toEqual(expect.arrayContaining(["expandable", "kind-message", "tainted"]));
    expect(byId.get("feed-rec")!.classes).not.toContain("tainted");
    expect(byId.get("msg")!.data.label).toBe("msg\nfeed");
    expect(byId.get("msg→order")).toMatchObject({ group: "edges", data: { source: "msg", target: "order" }, classes: "tainted" });
    expect(byId.get("feed-rec→msg")!.classes).toBe("");
  });

  it("a node never reported is drawn as unknown, labelled unreported", () => {
    const els = lineageElements({ ...base, nodes: [node("ghost", { kind: null, agentId: null })], edges: [] }, { root: "x", tainted: null });
    expect(els[0]).toMatchObject({ classes: expect.stringContaining("kind-unknown"), data: { label: "ghost\nunreported" } });
  });
});
