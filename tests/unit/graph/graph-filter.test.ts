import { describe, expect, it } from "vitest";
import { NO_FILTER, isFiltering, neighbourhood, visibleElements } from "../../../lib/domain/graph-filter.ts";
import { unhealthyBoundaries, type TGraphAgent, type TGraphBoundary } from "../../../lib/domain/graph.ts";

const edge = (sender: string, receiver: string, over: Partial<TGraphBoundary> = {}): TGraphBoundary => ({
  id: `${sender}>${receiver}`, sender, receiver, state: "CLOSED", epoch: 0, pendingReviewId: null, cooldownEndsAt: null,
  messageRate: 0, failedCount: 0, incidents: [], updatedAt: "", ...over,
});
const node = (id: string) => ({ id }) as TGraphAgent;

// a → b → c → d, b → e (OPEN), f alone, c → g with a pending review
const graph = {
  agents: ["a", "b", "c", "d", "e", "f", "g"].map(node),
  boundaries: [edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("b", "e", { state: "OPEN" }), edge("c", "g", { pendingReviewId: "rev_1" })],
};

describe("graph filters", () => {
  it("shows everything without a filter, lone agents included", () => {
    const v = visibleElements(graph, NO_FILTER);
    expect(v.nodes.size).toBe(7);
    expect(v.edges.size).toBe(5);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });

  it("keeps only the chosen states, and the agents at their ends", () => {
    const v = visibleElements(graph, { ...NO_FILTER, states: ["OPEN"] });
    expect([...v.edges]).toEqual(["b>e"]);
    expect([...v.nodes].sort()).toEqual(["b", "e"]);
  });

  it("keeps only unhealthy boundaries: not CLOSED, or a review pending", () => {
    expect([...visibleElements(graph, { ...NO_FILTER, onlyUnhealthy: true }).edges].sort()).toEqual(["b>e", "c>g"]);
  });

  it("keeps one agent's boundaries in both directions", () => {
    const v = visibleElements(graph, { ...NO_FILTER, agent: "c" });
    expect([...v.edges].sort()).toEqual(["b>c", "c>d", "c>g"]);
    expect(visibleElements(graph, { ...NO_FILTER, agent: "f" }).nodes).toEqual(new Set(["f"]));
  });

  it("focuses on a node's neighbourhood to depth N, both directions", () => {
    expect(neighbourhood(graph.boundaries, "c", 1)).toEqual(new Set(["c", "b", "d", "g"]));
    expect(neighbourhood(graph.boundaries, "c", 2)).toEqual(new Set(["c", "b", "d", "g", "a", "e"]));
    const v = visibleElements(graph, { ...NO_FILTER, focus: { id: "d", depth: 1 } });
    expect([...v.nodes].sort()).toEqual(["c", "d"]);
    expect([...v.edges]).toEqual(["c>d"]);
  });

  it("lists the unhealthy boundaries worst first", () => {
    expect(unhealthyBoundaries(graph.boundaries).map((b) => b.id)).toEqual(["b>e", "c>g"]);
  });
});
