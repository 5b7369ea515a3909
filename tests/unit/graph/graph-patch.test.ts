import { expect, it } from "vitest";
import { applyGraphPatch } from "../../../lib/domain/graph-patch.ts";
import type { TGraph, TGraphAgent, TGraphBoundary } from "../../../lib/domain/graph.ts";

const b = (id: string, over: Partial<TGraphBoundary> = {}) => ({ id, sender: "a", receiver: "b", state: "CLOSED", ...over }) as TGraphBoundary;
const a = (id: string, over: Partial<TGraphAgent> = {}) => ({ id, name: id, incidentCount: 0, ...over }) as TGraphAgent;
const graph: TGraph = { agents: [a("a"), a("b")], boundaries: [b("x"), b("y")], windows: { rateMinutes: 5, lookbackHours: 24 }, generatedAt: "t0" };

it("graph patch: a live update replaces the tripped boundary and its agents in place and keeps the rest", () => {
  const next = applyGraphPatch(graph, { agents: [a("b", { incidentCount: 1 })], boundaries: [b("y", { state: "OPEN" })] }, ["y"]);
  expect(next.boundaries.map((x) => [x.id, x.state])).toEqual([["x", "CLOSED"], ["y", "OPEN"]]);
  expect(next.agents.map((x) => [x.id, x.incidentCount])).toEqual([["a", 0], ["b", 1]]);
  expect(next.boundaries[0]).toBe(graph.boundaries[0]);
  expect(next.generatedAt).toBe("t0");
});

it("graph patch: adds a new boundary and agent, and drops a boundary asked for that no longer exists", () => {
  const next = applyGraphPatch(graph, { agents: [a("c")], boundaries: [b("z", { receiver: "c" })] }, ["z", "x"]);
  expect(next.boundaries.map((x) => x.id)).toEqual(["y", "z"]);
  expect(next.agents.map((x) => x.id)).toEqual(["a", "b", "c"]);
});
