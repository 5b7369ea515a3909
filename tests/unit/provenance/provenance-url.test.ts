import { describe, expect, it } from "vitest";
import { parseProvenanceView, provenanceHref } from "../../../lib/domain/provenance-url.ts";
import { graphViewQuery, parseGraphView, DEFAULT_GRAPH_VIEW, type TGraphView } from "../../../lib/domain/graph-url.ts";

const params = (href: string) => {
  const q = new URL(href, "http://x").searchParams;
  return Object.fromEntries([...new Set(q.keys())].map((k) => [k, q.getAll(k)]));
};

describe("provenance URLs: the id, depth, selection and expansions round-trip", () => {
  it("writes the plain /provenance?id= link for an id alone, escaping what needs it", () => {
    expect(provenanceHref({ id: "po 1/&x" })).toBe("/provenance?id=po+1%2F%26x");
    expect(provenanceHref({ id: "a", depth: 5 })).toBe("/provenance?id=a");
  });

  it("reads back the view it wrote, expansions in order and once each", () => {
    const href = provenanceHref({ id: "order-1", depth: 3, selected: "msg-2", expand: ["msg-2", "rec-9"] });
    expect(parseProvenanceView(params(href))).toEqual({ id: "order-1", depth: 3, selected: "msg-2", expand: ["msg-2", "rec-9"] });
    expect(parseProvenanceView({ id: "a", expand: ["b", "b", ""] })!.expand).toEqual(["b"]);
  });

  it("no id is no view; a depth out of range or not a whole number falls back to 5", () => {
    expect(parseProvenanceView({})).toBeNull();
    expect(parseProvenanceView({ id: "  " })).toBeNull();
    for (const depth of ["0", "21", "2.5", "x"]) expect(parseProvenanceView({ id: "a", depth })!.depth).toBe(5);
  });
});

describe("live graph URLs: selection, filter and layout round-trip", () => {
  it("the default view is the bare page", () => {
    expect(graphViewQuery(DEFAULT_GRAPH_VIEW)).toBe("");
    expect(parseGraphView({})).toEqual(DEFAULT_GRAPH_VIEW);
  });

  it("reads back a selected boundary with every filter and the force layout", () => {
    const view: TGraphView = {
      selected: { kind: "boundary", id: "bnd_a_b" },
      filter: { states: ["OPEN", "HALF_OPEN"], onlyUnhealthy: true, agent: "feed", focus: { id: "recommender", depth: 3 } },
      layout: "force",
    };
    expect(parseGraphView(params(`/${graphViewQuery(view)}`))).toEqual(view);
    const agent: TGraphView = { ...DEFAULT_GRAPH_VIEW, selected: { kind: "agent", id: "feed" } };
    expect(graphViewQuery(agent)).toBe("?agent=feed");
    expect(parseGraphView(params("/?agent=feed"))).toEqual(agent);
  });

  it("ignores unknown states, layouts and focus depths instead of failing", () => {
    const v = parseGraphView({ states: "OPEN,BROKEN", layout: "spiral", focus: "a", focusDepth: "99" });
    expect(v.filter.states).toEqual(["OPEN"]);
    expect(v.layout).toBe("layered");
    expect(v.filter.focus).toEqual({ id: "a", depth: 2 });
  });
});
